using System.Text;

namespace LossBench.Host.Reports;

/// <summary>
/// CSV (RFC 4180 quoting, \n line ends): one line per table cell (with its paired difference: sd,
/// interval, pairs, raw and Holm-adjusted p, minimum detectable difference; and its table's number of
/// comparisons and minimum detectable difference; then, where per-example outcomes are stored, the paired
/// hierarchical bootstrap's interval, p and standard error and, with one seed, McNemar's exact p; then
/// the test p_holm adjusts and the table's MDE uses, docs/statistics.md), numbers with the report's fixed
/// digits and no sign on differences; undefined is an empty field rather than '-' so that
/// spreadsheet and pandas readers see a missing number instead of turning the column into text.
/// </summary>
public static class CsvReportExporter
{
    public static string Export(Report report)
    {
        var text = new StringBuilder("metric,section,rows,columns,row,column,mean,std,n,diverged,failed,diff_mean,diff_sd,diff_low,diff_high,diff_pairs,p,p_holm,significant,diff_mde,table_comparisons,table_mde,boot_low,boot_high,boot_p,mcnemar_p,boot_se,test,table_mde_test\n");
        foreach (var table in report.Tables)
        foreach (var cell in table.Cells)
        {
            string N(double? value) => value is null ? "" : ReportFormat.Number(value, report.Digits);
            static string Count(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var d = cell.Difference;
            string[] fields =
            [
                table.Metric, table.Section, ReportFormat.Axis(table.Rows), ReportFormat.Axis(table.Columns), cell.Row, cell.Column,
                N(cell.Mean), N(cell.Std), cell.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
                cell.Diverged.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                N(d?.Mean), N(d?.Sd), N(d?.Low), N(d?.High), Count(d?.Pairs), N(d?.P), N(d?.AdjustedP),
                d is null ? "" : d.Significant ? "true" : "false", N(d?.Mde),
                Count(table.Comparisons), N(table.Mde),
                N(d?.BootLow), N(d?.BootHigh), N(d?.BootP), N(d?.McNemarP), N(d?.BootSe), d?.Test ?? "", table.MdeTest ?? "",
            ];
            text.Append(string.Join(",", fields.Select(Quote))).Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
