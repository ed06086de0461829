namespace LossBench.Host.Reports;

/// <summary>
/// The mean over seeds of (this cell's metric - the baseline's metric at the same seed and other
/// axes), with the 95% Student-t interval when there are two or more pairs.
/// </summary>
public sealed record PairedDifference(double Mean, double? Low, double? High, int Pairs)
{
    /// <summary>The 95% interval excludes 0.</summary>
    public bool Significant => Low is { } low && High is { } high && (low > 0 || high < 0);
}
