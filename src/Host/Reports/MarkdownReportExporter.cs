using System.Text;

namespace LossBench.Host.Reports;

/// <summary>
/// GitHub Markdown: per table a heading, then mean ± std (n) over seeds, then (with a baseline)
/// the paired differences with their 95% t-intervals, * where the interval excludes 0.
/// </summary>
public static class MarkdownReportExporter
{
    public static string Export(Report report)
    {
        var text = new StringBuilder();
        foreach (var table in report.Tables)
        {
            text.Append("### ").Append(table.Metric).Append(" (").Append(table.Section).Append(")\n\n");
            text.Append($"mean ± std (n) over seeds; rows: {ReportFormat.Axis(table.Rows)}, columns: {ReportFormat.Axis(table.Columns)}\n\n");
            var linked = report.Links.Where(l => table.RowLabels.Contains(l.Key) || table.ColumnLabels.Contains(l.Key)).ToArray();
            if (linked.Length > 0)
                text.Append("probabilities by the loss's link, not softmax: ").Append(string.Join(", ", linked.Select(l => $"{Escape(l.Key)} ({l.Value})"))).Append("\n\n");
            Grid(text, table, cell => Summary(cell, report.Digits));
            if (report.Baseline is not null && table.Cells.Any(c => c.IsBaseline || c.Difference is not null))
            {
                text.Append($"\npaired difference to {Escape(report.Baseline)} (same seed), mean [95% t-interval]; * = the interval excludes 0\n\n");
                Grid(text, table, cell => cell.IsBaseline ? "baseline"
                    : cell.Difference is not { } d ? "-"
                    : ReportFormat.Signed(d.Mean, report.Digits) +
                      (d.Low is { } low && d.High is { } high ? $" [{ReportFormat.Signed(low, report.Digits)}, {ReportFormat.Signed(high, report.Digits)}]" : "") +
                      (d.Significant ? " *" : ""));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// <c>0.9123 ± 0.0040 (n=2)</c>; with cells lost, <c>0.9123 ± - (n=1 of 2, 1 diverged)</c>, so a
    /// mean over fewer seeds than the others never passes for a full one.
    /// </summary>
    private static string Summary(ReportCell cell, int digits)
    {
        var value = cell.N == 0 ? "-" : $"{ReportFormat.Number(cell.Mean, digits)} ± {ReportFormat.Number(cell.Std, digits)}";
        var lost = new List<string>();
        if (cell.Diverged > 0) lost.Add(ReportFormat.Invariant($"{cell.Diverged} diverged"));
        if (cell.Failed > 0) lost.Add(ReportFormat.Invariant($"{cell.Failed} failed"));
        var count = lost.Count == 0
            ? ReportFormat.Invariant($"n={cell.N}")
            : ReportFormat.Invariant($"n={cell.N} of {cell.N + cell.Diverged + cell.Failed}, {string.Join(", ", lost)}");
        return $"{value} ({count})";
    }

    private static void Grid(StringBuilder text, ReportTable table, Func<ReportCell, string> format)
    {
        text.Append("| ").Append(ReportFormat.Axis(table.Rows)).Append(" | ").Append(string.Join(" | ", table.ColumnLabels.Select(Escape))).Append(" |\n");
        text.Append("|---").Append(string.Concat(table.ColumnLabels.Select(_ => "|---:"))).Append("|\n");
        foreach (var row in table.RowLabels)
        {
            text.Append("| ").Append(Escape(row));
            foreach (var column in table.ColumnLabels)
                text.Append(" | ").Append(table.At(row, column) is { } cell ? format(cell) : "");
            text.Append(" |\n");
        }
    }

    private static string Escape(string label) => label.Replace("|", "\\|", StringComparison.Ordinal);
}
