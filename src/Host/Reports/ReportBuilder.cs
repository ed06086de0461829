using LossBench.Host.Config;
using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>
/// Aggregates cell records into the report's tables: per table spec, one table per combination of
/// the two axes not shown; per table cell, the metric over seeds, and the paired difference to the
/// baseline loss (same seed, same other axes). Only cells with status ok count; diverged and failed
/// ones are counted separately so a table never hides them.
/// </summary>
public static class ReportBuilder
{
    private static readonly Axis[] AllAxes = [Axis.Dataset, Axis.Model, Axis.Loss, Axis.Augmentation];

    public static Report Build(IReadOnlyList<CellRecord> cells, ReportSettings settings, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder)
    {
        var tables = new List<ReportTable>();
        foreach (var spec in settings.Tables)
        {
            var hidden = AllAxes.Where(a => a != spec.Rows && a != spec.Columns).ToArray();
            var sections = cells.Select(c => hidden.Select(c.On).ToArray())
                .DistinctBy(values => string.Join("\u001f", values))
                .OrderBy(values => Order(values, hidden, axisOrder))
                .ToArray();
            foreach (var section in sections)
            {
                var inSection = cells.Where(c => hidden.Select(c.On).SequenceEqual(section)).ToArray();
                var rows = Ordered(inSection.Select(c => c.On(spec.Rows)), axisOrder, spec.Rows);
                var columns = Ordered(inSection.Select(c => c.On(spec.Columns)), axisOrder, spec.Columns);
                var tableCells = new List<ReportCell>();
                foreach (var row in rows)
                foreach (var column in columns)
                {
                    var here = inSection.Where(c => c.On(spec.Rows) == row && c.On(spec.Columns) == column).ToArray();
                    if (here.Length == 0) continue;
                    tableCells.Add(Aggregate(spec, row, column, here, cells, settings.Baseline));
                }
                var title = string.Join(", ", hidden.Select((axis, i) => $"{axis.ToString().ToLowerInvariant()}={section[i]}"));
                tables.Add(new ReportTable(spec.Metric, spec.Rows, spec.Columns, title, rows, columns, tableCells));
            }
        }
        return new Report(tables, settings.Baseline, settings.Digits);
    }

    private static ReportCell Aggregate(TableSpec spec, string row, string column, IReadOnlyList<CellRecord> here, IReadOnlyList<CellRecord> all, string? baseline)
    {
        var values = here.Where(c => c.Status == CellStatus.Ok && c.Metrics().ContainsKey(spec.Metric))
            .OrderBy(c => c.Seed).Select(c => c.Metrics()[spec.Metric]).ToArray();
        var isBaseline = baseline is not null && here.All(c => c.Loss == baseline);
        PairedDifference? difference = null;
        if (baseline is not null && !isBaseline)
        {
            var pairs = new List<double>();
            foreach (var cell in here.Where(c => c.Status == CellStatus.Ok))
            {
                // The baseline cell with the same seed and the same values on every axis but the loss.
                var partner = all.FirstOrDefault(b => b.Loss == baseline && b.Status == CellStatus.Ok && b.Seed == cell.Seed &&
                    b.Dataset == cell.Dataset && b.Model == cell.Model && b.Augmentation == cell.Augmentation);
                if (partner is not null && cell.Metrics().TryGetValue(spec.Metric, out var value) && partner.Metrics().TryGetValue(spec.Metric, out var reference))
                    pairs.Add(value - reference);
            }
            if (pairs.Count > 0)
            {
                var interval = Statistics.TInterval95(pairs);
                difference = new PairedDifference(Statistics.Mean(pairs), interval?.Low, interval?.High, pairs.Count);
            }
        }
        return new ReportCell(row, column,
            values.Length == 0 ? null : Statistics.Mean(values),
            Statistics.SampleStd(values),
            values.Length,
            here.Count(c => c.Status == CellStatus.Diverged),
            here.Count(c => c.Status == CellStatus.Failed),
            difference,
            isBaseline);
    }

    private static IReadOnlyList<string> Ordered(IEnumerable<string> labels, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder, Axis axis)
    {
        return labels.Distinct().OrderBy(l => Position(axisOrder, axis, l)).ThenBy(l => l, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A sortable key: each value's position in the benchmark's order, then the value.</summary>
    private static string Order(string[] values, Axis[] axes, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder) =>
        string.Join("|", values.Select((v, i) => Position(axisOrder, axes[i], v).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + v));

    /// <summary>Where a label is listed in benchmarks.yaml; labels not listed (an older configuration) go last.</summary>
    private static int Position(IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder, Axis axis, string label)
    {
        if (!axisOrder.TryGetValue(axis, out var listed)) return 999_999;
        for (var i = 0; i < listed.Count; i++)
            if (listed[i] == label) return i;
        return 999_999;
    }
}
