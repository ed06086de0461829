namespace LossBench.Host.Reports;

/// <summary>
/// The mean over seeds of (this cell's metric - the baseline's metric at the same seed and other
/// axes); with two or more pairs also their sample sd, the 95% Student-t interval, the two-sided
/// paired t-test's p-value, the p-value Holm-adjusted over the table's comparisons, and the
/// minimum detectable difference at this sd and number of pairs (docs/statistics.md).
/// </summary>
/// <param name="Sd">Sample standard deviation of the per-seed differences.</param>
/// <param name="P">Two-sided paired t-test p-value (n - 1 degrees of freedom), unadjusted.</param>
/// <param name="AdjustedP">Holm-adjusted p-value over the comparisons of this cell's table.</param>
/// <param name="Mde">Smallest true difference the test detects with power 0.8 at alpha 0.05, given <paramref name="Sd"/> and <paramref name="Pairs"/>.</param>
public sealed record PairedDifference(double Mean, double? Sd, double? Low, double? High, int Pairs, double? P, double? AdjustedP, double? Mde)
{
    /// <summary>The Holm-adjusted p-value is below 0.05 (the Markdown table's *).</summary>
    public bool Significant => AdjustedP is { } p && p < Statistics.Alpha;
}
