using System.Text.Json.Serialization;

namespace LossBench.Host.Reports;

/// <summary>
/// The mean over seeds of (this cell's metric - the baseline's metric at the same seed and other
/// axes); with two or more pairs also their sample sd, the 95% Student-t interval, the two-sided
/// paired t-test's p-value, the p-value Holm-adjusted over the table's comparisons, and the
/// minimum detectable difference at this sd and number of pairs (docs/statistics.md). For an accuracy
/// whose per-example outcomes are stored for every pair, also the paired hierarchical bootstrap's
/// percentile 95% interval and p-value, and with exactly one pair McNemar's exact p.
/// </summary>
/// <param name="Sd">Sample standard deviation of the per-seed differences.</param>
/// <param name="P">Two-sided paired t-test p-value (n - 1 degrees of freedom), unadjusted.</param>
/// <param name="AdjustedP">Holm-adjusted p-value over the comparisons of this cell's table.</param>
/// <param name="Mde">Smallest true difference the test detects with power 0.8 at alpha 0.05, given <paramref name="Sd"/> and <paramref name="Pairs"/>.</param>
public sealed record PairedDifference(double Mean, double? Sd, double? Low, double? High, int Pairs, double? P, double? AdjustedP, double? Mde)
{
    /// <summary>Lower end of the paired hierarchical bootstrap's percentile 95% interval; null without stored outcomes.</summary>
    public double? BootLow { get; init; }

    /// <summary>Upper end of the paired hierarchical bootstrap's percentile 95% interval.</summary>
    public double? BootHigh { get; init; }

    /// <summary>The bootstrap's two-sided p-value, unadjusted (Holm's adjustment stays on <see cref="P"/>).</summary>
    public double? BootP { get; init; }

    /// <summary>McNemar's exact two-sided p-value of the one pair's examples; null unless there is exactly one pair with stored outcomes.</summary>
    [JsonPropertyName("mcnemar-p")]
    public double? McNemarP { get; init; }

    /// <summary>The Holm-adjusted p-value is below 0.05 (the Markdown table's *).</summary>
    public bool Significant => AdjustedP is { } p && p < Statistics.Alpha;
}
