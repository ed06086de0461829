using LossBench.Host.Plugins;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>Plugin entries of the search configuration (split by <see cref="PluginEntry"/>) written back as YAML and as labels.</summary>
public static class SearchEntries
{
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
        var (name, options) = PluginEntry.Split(entry, "entry");
        return options is null || options.Entries.Count == 0 ? name : $"{name}({string.Join(", ", options.Entries.Select(e => $"{e.Key}={ToYaml(e.Value)}"))})";
    }

    private static bool NeedsQuotes(string text) => text.Length == 0 || text.IndexOfAny([':', '#', ',', '[', ']', '{', '}', '"', '\'', '(', ')', '*', '&', '!', '|', '>', '%', '@', '`']) >= 0 || text != text.Trim();
}
