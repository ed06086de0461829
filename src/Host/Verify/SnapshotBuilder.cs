using System.Globalization;
using LossBench.Host.Reports;
using LossBench.Host.Results;

namespace LossBench.Host.Verify;

/// <summary>Turns a report (the tables `run` prints) and its cell records into a <see cref="Snapshot"/>.</summary>
public static class SnapshotBuilder
{
    public static Snapshot Build(string benchmark, Report report, IReadOnlyList<CellRecord> cells, int? digits)
    {
        var places = digits ?? report.Digits;
        var tables = report.Tables
            .Select(t => new SnapshotTable(t.Metric, Heading(t), t.Rows.ToString().ToLowerInvariant(), t.Columns.ToString().ToLowerInvariant(),
                t.Cells.OrderBy(c => c.Row, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal)
                    .Select(c => new SnapshotRow(c.Row, c.Column, Values(c, places))).ToArray()))
            .OrderBy(t => t.Heading, StringComparer.Ordinal)
            .ToArray();
        var ids = cells.Select(c => c.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new Snapshot(benchmark, places, EnvironmentFingerprint.Of(cells), ids, tables);
    }

    /// <summary>The metric, and the section (the other two axes) when the report has one: what names a table.</summary>
    private static string Heading(ReportTable table) => table.Section.Length == 0 ? table.Metric : $"{table.Metric} ({table.Section})";

    private static string[] Values(ReportCell cell, int digits) =>
    [
        Number(cell.Mean, digits),
        Number(cell.Std, digits),
        cell.N.ToString(CultureInfo.InvariantCulture),
        cell.IsBaseline ? "baseline" : Number(cell.Difference?.Mean, digits),
        cell.Diverged.ToString(CultureInfo.InvariantCulture),
        cell.Failed.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Fixed digits, invariant culture; "-" for no value; a negative zero (a tiny negative rounded) is written 0, so it cannot differ by sign alone.</summary>
    public static string Number(double? value, int digits)
    {
        if (value is not { } v) return "-";
        if (!double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        var text = v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.Skip(1).All(ch => ch is '0' or '.') ? text[1..] : text;
    }
}
