using LossBench.Host.Config;

namespace LossBench.Host.Reports;

/// <summary>
/// One table: a metric laid out by two axes, for one combination of the other two axes
/// (<see cref="Section"/>, e.g. <c>dataset=mnist-10k, model=cnn-small</c>).
/// </summary>
public sealed record ReportTable(string Metric, Axis Rows, Axis Columns, string Section, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels, IReadOnlyList<ReportCell> Cells)
{
    /// <summary>m of Holm's adjustment: the table's paired differences with a p-value (two or more pairs).</summary>
    public int Comparisons { get; init; }

    /// <summary>
    /// The fewest seeds behind the table's statements: the fewest pairs of its paired differences, or,
    /// without any, the smallest n of its cells with a value; null when it has neither.
    /// Below 3 the report warns that the design can hardly show anything.
    /// </summary>
    public int? FewestSeeds { get; init; }

    /// <summary>The median over the table's comparisons of their paired sd: the sd <see cref="Mde"/> is computed for.</summary>
    public double? MdeSd { get; init; }

    /// <summary>The fewest pairs among the table's comparisons: the n <see cref="Mde"/> is computed for.</summary>
    public int? MdePairs { get; init; }

    /// <summary>
    /// The smallest difference the design detects (two-sided paired t-test, alpha 0.05, power 0.8) at
    /// the observed variance: (t_{0.975, n-1} + t_{0.8, n-1}) * <see cref="MdeSd"/> / sqrt(<see cref="MdePairs"/>).
    /// </summary>
    public double? Mde { get; init; }

    public ReportCell? At(string row, string column) => Cells.FirstOrDefault(c => c.Row == row && c.Column == column);
}
