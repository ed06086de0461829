namespace LossBench.Host.Options;

/// <summary>Key-value pairs in the order written; keys are unique.</summary>
public sealed record ConfigMapping : ConfigNode
{
    public ConfigMapping(IReadOnlyList<KeyValuePair<string, ConfigNode>> entries, SourceLocation? location = null) : base(location)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in entries)
            if (!seen.Add(key)) throw new ArgumentException($"the key '{key}' appears twice{(location is null ? "" : " in the mapping at " + location)}");
        Entries = entries;
    }

    public static ConfigMapping Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries { get; }

    public ConfigNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>A mapping from code: scalars given as strings or numbers, formatted invariantly.</summary>
    public static ConfigMapping Of(params (string Key, object Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Key, ToNode(e.Value))).ToArray());

    private static ConfigNode ToNode(object value) => value switch
    {
        ConfigNode node => node,
        string text => new ConfigScalar(text, IsQuoted: true),
        bool flag => new ConfigScalar(flag ? "true" : "false"),
        IFormattable number => new ConfigScalar(number.ToString(null, System.Globalization.CultureInfo.InvariantCulture)),
        System.Collections.IEnumerable items => new ConfigSequence(items.Cast<object>().Select(ToNode).ToArray()),
        _ => throw new ArgumentException($"cannot express a {value.GetType().Name} as a configuration value"),
    };

    public override string Describe() => "a mapping";
}
