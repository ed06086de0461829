using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>Plugin entries of the search configuration: a name, or a one-key mapping `name: { options }`, as in a benchmark file.</summary>
public static class SearchEntries
{
    public static (string Name, ConfigMapping? Options) Split(ConfigNode entry, string path) => entry switch
    {
        ConfigScalar { IsNull: false } scalar => (scalar.Text, null),
        ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
        {
            ConfigMapping given => given,
            ConfigScalar { IsNull: true } => null,
            var other => throw new OptionsBindingException($"{path}.{mapping.Entries[0].Key}", other.Location, $"expected a mapping of options, got {other.Describe()}"),
        }),
        _ => throw new OptionsBindingException(path, entry.Location, $"expected a plugin name or `name: {{ options }}`, got {entry.Describe()}"),
    };

    /// <summary>The entry as one line of YAML (flow style), as a benchmark file would write it.</summary>
    public static string ToYaml(ConfigNode node) => node switch
    {
        ConfigScalar scalar => scalar.IsQuoted || NeedsQuotes(scalar.Text) ? $"\"{scalar.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : scalar.Text,
        ConfigSequence sequence => $"[{string.Join(", ", sequence.Items.Select(ToYaml))}]",
        ConfigMapping mapping => $"{{ {string.Join(", ", mapping.Entries.Select(e => $"{e.Key}: {ToYaml(e.Value)}"))} }}",
        _ => throw new ArgumentException($"cannot write {node.Describe()} as YAML", nameof(node)),
    };

    /// <summary>A label for the entry: the name, with options in parentheses when there are any.</summary>
    public static string Label(ConfigNode entry)
    {
        var (name, options) = Split(entry, "entry");
        return options is null || options.Entries.Count == 0 ? name : $"{name}({string.Join(", ", options.Entries.Select(e => $"{e.Key}={ToYaml(e.Value)}"))})";
    }

    private static bool NeedsQuotes(string text) => text.Length == 0 || text.IndexOfAny([':', '#', ',', '[', ']', '{', '}', '"', '\'', '(', ')', '*', '&', '!', '|', '>', '%', '@', '`']) >= 0 || text != text.Trim();
}
