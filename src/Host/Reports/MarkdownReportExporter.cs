using System.Text;

namespace LossBench.Host.Reports;

/// <summary>
/// GitHub Markdown: per table a heading, then mean ± std (n) over seeds, then (with a baseline)
/// the paired differences with their 95% t-intervals, * where the Holm-adjusted paired t-test p is
/// below 0.05, a warning below 3 seeds, and the table's minimum detectable difference (docs/statistics.md).
/// </summary>
public static class MarkdownReportExporter
{
    public static string Export(Report report)
    {
        var text = new StringBuilder();
        EnvironmentHeader(text, report);
        foreach (var table in report.Tables)
        {
            text.Append("### ").Append(table.Metric).Append(" (").Append(table.Section).Append(")\n\n");
            text.Append($"mean ± std (n) over seeds; rows: {ReportFormat.Axis(table.Rows)}, columns: {ReportFormat.Axis(table.Columns)}\n\n");
            var linked = report.Links.Where(l => table.RowLabels.Contains(l.Key) || table.ColumnLabels.Contains(l.Key)).ToArray();
            if (linked.Length > 0)
                text.Append("probabilities by the loss's link, not softmax: ").Append(string.Join(", ", linked.Select(l => $"{Escape(l.Key)} ({l.Value})"))).Append("\n\n");
            if (SeedWarning(table) is { } warning)
                text.Append("**").Append(warning).Append("**\n\n");
            Grid(text, table, cell => Summary(cell, report.Digits));
            if (report.Baseline is not null && table.Cells.Any(c => c.IsBaseline || c.Difference is not null))
            {
                text.Append($"\npaired difference to {Escape(report.Baseline)} (same seed), mean [95% t-interval]; {Marker(table)}\n\n");
                Grid(text, table, cell => cell.IsBaseline ? "baseline"
                    : cell.Difference is not { } d ? "-"
                    : ReportFormat.Signed(d.Mean, report.Digits) +
                      (d.Low is { } low && d.High is { } high ? $" [{ReportFormat.Signed(low, report.Digits)}, {ReportFormat.Signed(high, report.Digits)}]" : "") +
                      (d.Significant ? " *" : ""));
                if (table.Mde is { } mde && table.MdeSd is { } sd && table.MdePairs is { } n)
                    text.Append('\n').Append(ReportFormat.Invariant(
                        $"smallest difference this design detects (two-sided paired t-test, alpha 0.05, power 0.8): {ReportFormat.Number(mde, report.Digits)} = (t_0.975,{n - 1} + t_0.8,{n - 1}) x sd {ReportFormat.Number(sd, report.Digits)} (the median paired sd of the {Plural(table.Comparisons, "comparison")}) / sqrt({n} pairs)")).Append('\n');
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Before the tables, when cells ran in different environments: which fields differ (their last digits may).</summary>
    private static void EnvironmentHeader(StringBuilder text, Report report)
    {
        if (report.EnvironmentDifferences is not { Count: > 0 } differences) return;
        text.Append("**The cells ran in different environments, which can change the last digits:**\n\n");
        foreach (var line in differences) text.Append("- ").Append(Escape(line)).Append('\n');
        text.Append('\n');
    }

    /// <summary>What * means for this table: Holm-adjusted over its m comparisons.</summary>
    private static string Marker(ReportTable table) => table.Comparisons switch
    {
        0 => "no difference has 2 or more pairs, so none is tested",
        var m => $"* = Holm-adjusted p < 0.05 over the {Plural(m, "comparison")} of this table (paired t-tests)",
    };

    /// <summary>Below 3 seeds (pairs), a warning that the table can hardly show anything; null from 3 on.</summary>
    internal static string? SeedWarning(ReportTable table) => table.FewestSeeds switch
    {
        null or >= 3 => null,
        1 => "only 1 seed: no std, interval or test is possible; 3 or more seeds are needed to tell a difference from noise",
        int n => ReportFormat.Invariant($"only {n} seeds: {n - 1} degree of freedom, so a std is a rough guess and a 95% t-interval spans +-{Statistics.TQuantile975(n - 1):0.0} standard errors; 3 or more seeds are needed to tell a difference from noise"),
    };

    private static string Plural(int count, string noun) => ReportFormat.Invariant($"{count} {noun}{(count == 1 ? "" : "s")}");

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
