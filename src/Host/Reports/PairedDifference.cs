using System.Text.Json.Serialization;

namespace LossBench.Host.Reports;

/// <summary>
/// The mean over seeds of (this cell's metric - the baseline's metric at the same seed and other
/// axes); with two or more pairs also their sample sd, the 95% Student-t interval and the two-sided
/// paired t-test's p-value. For an accuracy whose per-example outcomes are stored for every pair,
/// also the paired hierarchical bootstrap's percentile 95% interval, p-value and standard error, and
/// with exactly one pair McNemar's exact p. <see cref="Test"/> names the test the table's marker
/// uses (McNemar for one pair, else the bootstrap and the t-test together, else the t-test),
/// <see cref="AdjustedP"/> is its p Holm-adjusted over the table, and <see cref="Mde"/> the smallest
/// difference that test detects (docs/statistics.md).
/// </summary>
/// <param name="Sd">Sample standard deviation of the per-seed differences.</param>
/// <param name="P">Two-sided paired t-test p-value (n - 1 degrees of freedom), unadjusted.</param>
/// <param name="AdjustedP">Holm-adjusted <see cref="TestP"/> over the comparisons of this cell's table.</param>
/// <param name="Mde">Smallest true difference <see cref="Test"/> detects with power 0.8 at alpha 0.05 at the observed variance.</param>
public sealed record PairedDifference(double Mean, double? Sd, double? Low, double? High, int Pairs, double? P, double? AdjustedP, double? Mde)
{
    /// <summary>Lower end of the paired hierarchical bootstrap's percentile 95% interval; null without stored outcomes.</summary>
    public double? BootLow { get; init; }

    /// <summary>Upper end of the paired hierarchical bootstrap's percentile 95% interval.</summary>
    public double? BootHigh { get; init; }

    /// <summary>The bootstrap's two-sided p-value, unadjusted.</summary>
    public double? BootP { get; init; }

    /// <summary>The bootstrap's standard error (the sd of its replicates): both sources of variance, seeds and test examples.</summary>
    public double? BootSe { get; init; }

    /// <summary>McNemar's exact two-sided p-value of the one pair's examples; null unless there is exactly one pair with stored outcomes.</summary>
    [JsonPropertyName("mcnemar-p")]
    public double? McNemarP { get; init; }

    /// <summary>
    /// The test behind the marker: <c>mcnemar</c> (one pair with stored outcomes); <c>bootstrap+t</c>
    /// (two or more pairs with stored outcomes: both must reject, p = the larger of the bootstrap's and
    /// the t-test's, because each fails where the other holds, see docs/statistics.md); <c>t-test</c>
    /// (no outcomes, two or more pairs); <c>bootstrap</c> (outcomes but no t-test, e.g. a non-finite
    /// metric); null when nothing can be tested.
    /// </summary>
    public string? Test => McNemarP is not null ? McNemarTest
        : BootP is not null && P is not null ? BootstrapAndTTest
        : BootP is not null ? BootstrapTest
        : P is not null ? TTest : null;

    /// <summary>The unadjusted p-value of <see cref="Test"/>.</summary>
    [JsonIgnore]
    public double? TestP => McNemarP ?? (BootP is { } b && P is { } t ? Math.Max(b, t) : BootP ?? P);

    public const string McNemarTest = "mcnemar";
    public const string BootstrapTest = "bootstrap";
    public const string BootstrapAndTTest = "bootstrap+t";
    public const string TTest = "t-test";

    /// <summary>
    /// The 95% interval shown: with both, the hull of the bootstrap's and the t-interval (it excludes 0
    /// exactly when both do, as the marker's test requires); else whichever there is.
    /// </summary>
    [JsonIgnore]
    public (double Low, double High)? ShownInterval => (BootLow, BootHigh, Low, High) switch
    {
        ({ } bl, { } bh, { } l, { } h) => (Math.Min(bl, l), Math.Max(bh, h)),
        ({ } bl, { } bh, _, _) => (bl, bh),
        (_, _, { } l, { } h) => (l, h),
        _ => null,
    };

    /// <summary>The Holm-adjusted p-value of <see cref="Test"/> is below 0.05 (the Markdown table's *).</summary>
    public bool Significant => AdjustedP is { } p && p < Statistics.Alpha;
}
