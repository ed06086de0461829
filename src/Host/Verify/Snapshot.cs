namespace LossBench.Host.Verify;

/// <summary>
/// What `lossbench verify` compares: a benchmark's tables in canonical form (fixed digits,
/// invariant culture, rows sorted, no timings or paths), the environment the numbers were computed
/// in, and the ids of the cells behind them. Written as Markdown (<see cref="SnapshotMarkdown"/>),
/// so that a snapshot under version control reads, and diffs, as a table.
/// </summary>
public sealed record Snapshot(string Benchmark, int Digits, IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<string> Cells, IReadOnlyList<SnapshotTable> Tables);

/// <summary>One report table: its metric, its heading (metric and section, which name it), its axes and its cells sorted by row and column.</summary>
public sealed record SnapshotTable(string Metric, string Heading, string RowAxis, string ColumnAxis, IReadOnlyList<SnapshotRow> Rows);

/// <summary>One table cell: its row and column labels and its values by <see cref="SnapshotRow.Columns"/>.</summary>
public sealed record SnapshotRow(string Row, string Column, IReadOnlyList<string> Values)
{
    /// <summary>The value columns of every table: mean and sample sd over seeds, n, the mean paired difference to the baseline, cells lost.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["mean", "sd", "n", "diff", "diverged", "failed"];

    /// <summary>The columns in the metric's own unit, to which a metric's tolerance applies (counts always match exactly).</summary>
    public static IReadOnlySet<string> InMetricUnits { get; } = new HashSet<string>(StringComparer.Ordinal) { "mean", "sd", "diff" };
}
