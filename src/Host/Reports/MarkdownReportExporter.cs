using System.Text;

namespace LossBench.Host.Reports;

/// <summary>
/// GitHub Markdown: per table a heading, then mean ± std (n) over seeds, then (with a baseline)
/// the paired differences with their 95% intervals (where per-example outcomes are stored, the hull
/// of the paired hierarchical bootstrap's and the t-interval; else the t-interval, marked), * where
/// the Holm-adjusted p of the cell's test is below 0.05, a warning below 3 seeds, and the table's minimum detectable difference
/// (docs/statistics.md).
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
                var mixed = table.Cells.Any(c => c.Difference?.BootLow is not null) && table.Cells.Any(c => c.Difference is { BootLow: null, Low: not null });
                text.Append($"\npaired difference to {Escape(report.Baseline)} (same seed), mean [95% {IntervalKind(table, mixed)}]; {Marker(table)}\n\n");
                Grid(text, table, cell => cell.IsBaseline ? "baseline"
                    : cell.Difference is not { } d ? "-"
                    : ReportFormat.Signed(d.Mean, report.Digits) +
                      (d.ShownInterval is { } interval ? $" [{ReportFormat.Signed(interval.Low, report.Digits)}, {ReportFormat.Signed(interval.High, report.Digits)}]" : "") +
                      (mixed && d.BootLow is null && d.Low is not null ? " t" : "") +
                      (d.Significant ? " *" : ""));
                if (MdeLine(table, report.Digits) is { } line) text.Append('\n').Append(line).Append('\n');
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

    /// <summary>Which interval the difference table shows.</summary>
    private static string IntervalKind(ReportTable table, bool mixed)
    {
        var boot = table.Cells.Any(c => c.Difference?.BootLow is not null);
        var both = table.Cells.Any(c => c.Difference is { BootLow: not null, Low: not null });
        var kind = both ? "interval: the hull of the paired hierarchical bootstrap's (seeds, then test examples) and the t-interval over seeds"
            : boot ? "paired hierarchical bootstrap interval (seeds, then test examples)"
            : "t-interval over seeds";
        return mixed ? kind + "; t = t-interval only, no per-example outcomes stored" : kind;
    }

    /// <summary>What * means for this table: Holm-adjusted over its m comparisons, and by which tests.</summary>
    internal static string Marker(ReportTable table) => table.Comparisons switch
    {
        0 => "no difference can be tested (one pair and no stored per-example outcomes)",
        var m => $"* = Holm-adjusted p < 0.05 over the {Plural(m, "comparison")} of this table ({string.Join(", ", table.Tests.Select(t => TestName(t.Key, t.Value, m)))})",
    };

    private static string TestName(string test, int count, int comparisons)
    {
        var name = test switch
        {
            PairedDifference.BootstrapAndTTest => "p = the larger of the paired hierarchical bootstrap's and the paired t-test's",
            PairedDifference.BootstrapTest => "paired hierarchical bootstrap",
            PairedDifference.McNemarTest => "McNemar's exact test",
            _ => "paired t-test",
        };
        return count == comparisons ? name : ReportFormat.Invariant($"{count} by {name}");
    }

    /// <summary>The table's minimum detectable difference with its formula, or null when it has none.</summary>
    internal static string? MdeLine(ReportTable table, int digits)
    {
        if (table.Mde is not { } mde) return null;
        if (table.MdeTest == PairedDifference.TTest && table.MdeSd is { } onlySd && table.MdePairs is { } pairs)
            return ReportFormat.Invariant(
                $"smallest difference this design detects (two-sided paired t-test, alpha 0.05, power 0.8): {ReportFormat.Number(mde, digits)} = (t_0.975,{pairs - 1} + t_0.8,{pairs - 1}) x sd {ReportFormat.Number(onlySd, digits)} (the median paired sd of the {Plural(table.Comparisons, "comparison")}) / sqrt({pairs} pairs)");
        var parts = new List<string>();
        if (table.MdeSd is { } sd && table.MdePairs is { } n)
            parts.Add(ReportFormat.Invariant($"paired t-test: (t_0.975,{n - 1} + t_0.8,{n - 1}) x sd {ReportFormat.Number(sd, digits)} (the median paired sd of the {Plural(table.Comparisons, "comparison")}) / sqrt({n} pairs) = {ReportFormat.Number(Statistics.MinimumDetectableDifference(sd, n), digits)}"));
        if (table.MdeSe is { } se)
            parts.Add(ReportFormat.Invariant($"bootstrap: (z_0.975 + z_0.8) x se {ReportFormat.Number(se, digits)} (the median bootstrap standard error) = {ReportFormat.Number(Statistics.MinimumDetectableDifferenceFromStandardError(se), digits)}"));
        var which = parts.Count > 1 ? "the larger of " : "";
        return ReportFormat.Invariant($"smallest difference this design detects (alpha 0.05, power 0.8): {ReportFormat.Number(mde, digits)}, {which}{string.Join("; ", parts)}");
    }

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
