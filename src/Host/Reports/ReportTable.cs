using LossBench.Host.Config;

namespace LossBench.Host.Reports;

/// <summary>
/// One table: a metric laid out by two axes, for one combination of the other two axes
/// (<see cref="Section"/>, e.g. <c>dataset=mnist-10k, model=cnn-small</c>).
/// </summary>
public sealed record ReportTable(string Metric, Axis Rows, Axis Columns, string Section, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels, IReadOnlyList<ReportCell> Cells)
{
    /// <summary>m of Holm's adjustment: the table's paired differences with a test (<see cref="PairedDifference.Test"/>).</summary>
    public int Comparisons { get; init; }

    /// <summary>
    /// The fewest seeds behind the table's statements: the fewest pairs of its paired differences, or,
    /// without any, the smallest n of its cells with a value; null when it has neither.
    /// Below 3 the report warns that the design can hardly show anything.
    /// </summary>
    public int? FewestSeeds { get; init; }

    /// <summary>How many of the <see cref="Comparisons"/> use each test (<see cref="PairedDifference.Test"/>), by test name.</summary>
    public IReadOnlyDictionary<string, int> Tests { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Which test <see cref="Mde"/> is computed for: <c>t-test</c> (the per-seed differences' sd),
    /// <c>bootstrap</c> (every comparison has a bootstrap standard error), <c>bootstrap+t</c> (both:
    /// the larger of the two); null without comparisons.
    /// </summary>
    public string? MdeTest { get; init; }

    /// <summary>For a t-test <see cref="Mde"/>: the median over the table's comparisons of their paired sd.</summary>
    public double? MdeSd { get; init; }

    /// <summary>For a t-test <see cref="Mde"/>: the fewest pairs among the table's comparisons.</summary>
    public int? MdePairs { get; init; }

    /// <summary>For a bootstrap <see cref="Mde"/>: the median over the table's comparisons of their bootstrap standard error.</summary>
    public double? MdeSe { get; init; }

    /// <summary>
    /// The smallest difference the design detects (two-sided, alpha 0.05, power 0.8) at the observed
    /// variance: (z_{0.975} + z_{0.8}) * <see cref="MdeSe"/> for the bootstrap,
    /// (t_{0.975, n-1} + t_{0.8, n-1}) * <see cref="MdeSd"/> / sqrt(<see cref="MdePairs"/>) for the t-test,
    /// the larger of the two for both.
    /// </summary>
    public double? Mde { get; init; }

    public ReportCell? At(string row, string column) => Cells.FirstOrDefault(c => c.Row == row && c.Column == column);
}
