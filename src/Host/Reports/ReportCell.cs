namespace LossBench.Host.Reports;

/// <summary>
/// One table cell: the metric over seeds (mean, sample standard deviation, n), how many cells
/// diverged or failed instead, and the paired difference to the baseline loss when there is one.
/// </summary>
public sealed record ReportCell(string Row, string Column, double? Mean, double? Std, int N, int Diverged, int Failed, PairedDifference? Difference, bool IsBaseline);
