using LossBench.Host.Options;

namespace LossBench.Host.Config;

/// <summary>The `verify:` section: how `lossbench verify` compares the tables with their snapshot.</summary>
/// <param name="Digits">Digits after the decimal point in the snapshot, or null for the report's digits.</param>
/// <param name="Tolerances">Absolute slack per metric (a table's metric name, e.g. clean.accuracy); a metric without one must match exactly.</param>
public sealed record VerifySettings(int? Digits, IReadOnlyDictionary<string, Tolerance> Tolerances)
{
    public static VerifySettings Exact { get; } = new(null, new Dictionary<string, Tolerance>());
}

/// <summary>An absolute slack for one metric, with where it was written (for messages).</summary>
public sealed record Tolerance(double Value, SourceLocation? Location);
