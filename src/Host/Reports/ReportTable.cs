using LossBench.Host.Config;

namespace LossBench.Host.Reports;

/// <summary>
/// One table: a metric laid out by two axes, for one combination of the other two axes
/// (<see cref="Section"/>, e.g. <c>dataset=mnist-10k, model=cnn-small</c>).
/// </summary>
public sealed record ReportTable(string Metric, Axis Rows, Axis Columns, string Section, IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels, IReadOnlyList<ReportCell> Cells)
{
    public ReportCell? At(string row, string column) => Cells.FirstOrDefault(c => c.Row == row && c.Column == column);
}
