using LossBench.Host.Config;
using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>
/// Aggregates cell records into the report's tables: per table spec, one table per combination of
/// the two axes not shown; per table cell, the metric over seeds, and the paired difference to the
/// baseline loss (same seed, same other axes): its paired t-test and, from stored per-example
/// outcomes, the paired hierarchical bootstrap and McNemar's test; the test the marker uses is
/// Holm-adjusted within the table (docs/statistics.md). Only cells with status ok count; diverged and failed
/// ones are counted separately so a table never hides them.
/// </summary>
public static class ReportBuilder
{
    private static readonly Axis[] AllAxes = [Axis.Dataset, Axis.Model, Axis.Loss, Axis.Augmentation];

    /// <summary>Where labels not listed in the benchmark (an older configuration's results) go: after every listed one.</summary>
    private const int Unlisted = int.MaxValue;

    /// <param name="predictions">
    /// The stored per-example outcomes of a cell, or null when it has none that can be read (the
    /// bootstrap and McNemar are then skipped for the cells that need them); null (the default) reads none.
    /// Called from several threads at once (table cells are computed in parallel).
    /// </param>
    public static Report Build(IReadOnlyList<CellRecord> cells, ReportSettings settings, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder,
        Func<CellRecord, CellPredictions?>? predictions = null)
    {
        // Metrics() builds a dictionary on every call, so once per record. Seed order (then id) makes
        // every sum, and so the last bit of every mean in report.json, independent of the order the
        // result files were read in: a sharded run must give byte for byte the report of a whole one.
        var entries = cells.Select(c => new Entry(c, c.Metrics()))
            .OrderBy(e => e.Cell.Seed).ThenBy(e => e.Cell.Id, StringComparer.Ordinal).ToArray();
        IReadOnlyDictionary<(string, string, string, ulong), Entry> partners = settings.Baseline is { } baseline
            ? entries.Where(e => e.Cell.Loss == baseline && e.Cell.Status == CellStatus.Ok)
                .GroupBy(e => PairKey(e.Cell)).ToDictionary(g => g.Key, g => g.First())
            : new Dictionary<(string, string, string, ulong), Entry>();

        var tables = new List<ReportTable>();
        foreach (var spec in settings.Tables)
        {
            var hidden = AllAxes.Where(a => a != spec.Rows && a != spec.Columns).ToArray();
            var sections = entries.GroupBy(e => string.Join('\u001f', hidden.Select(e.Cell.On)))
                .Select(g => (Values: hidden.Select(g.First().Cell.On).ToArray(), Entries: g.ToArray()))
                .Order(Comparer<(string[] Values, Entry[] Entries)>.Create((a, b) => CompareSections(a.Values, b.Values, hidden, axisOrder)))
                .ToArray();
            foreach (var (section, inSection) in sections)
            {
                var rows = Ordered(inSection.Select(e => e.Cell.On(spec.Rows)), axisOrder, spec.Rows);
                var columns = Ordered(inSection.Select(e => e.Cell.On(spec.Columns)), axisOrder, spec.Columns);
                var byPosition = inSection.ToLookup(e => (Row: e.Cell.On(spec.Rows), Column: e.Cell.On(spec.Columns)));
                // A combination the matrix excluded stays an empty table cell rather than a row of zeros.
                var positions = rows.SelectMany(row => columns.Select(column => (Row: row, Column: column, Here: byPosition[(row, column)].ToArray())))
                    .Where(p => p.Here.Length > 0).ToArray();
                // Each cell's bootstrap has its own fixed seed, so computing cells in parallel changes no digit; AsOrdered keeps the table's order.
                var tableCells = positions.AsParallel().AsOrdered()
                    .Select(p => Aggregate(spec.Metric, p.Row, p.Column, p.Here, partners, settings.Baseline, predictions)).ToList();
                var title = string.Join(", ", hidden.Select((axis, i) => $"{ReportFormat.Axis(axis)}={section[i]}"));
                tables.Add(WithTests(new ReportTable(spec.Metric, spec.Rows, spec.Columns, title, rows, columns, tableCells)));
            }
        }
        var links = new SortedDictionary<string, string>(
            cells.Where(c => c.Link != "softmax").GroupBy(c => c.Loss).ToDictionary(g => g.Key, g => g.First().Link), StringComparer.Ordinal);
        return new Report(tables, settings.Baseline, settings.Digits) { Links = links, EnvironmentDifferences = Reports.EnvironmentDifferences.Of(cells) };
    }

    private static ReportCell Aggregate(string metric, string row, string column, Entry[] here,
        IReadOnlyDictionary<(string, string, string, ulong), Entry> partners, string? baseline, Func<CellRecord, CellPredictions?>? predictions)
    {
        // A diverged or failed cell may still carry metrics (e.g. of an evaluation before it failed): they never count.
        var ok = here.Where(e => e.Cell.Status == CellStatus.Ok && e.Metrics.ContainsKey(metric)).ToArray();
        var values = ok.Select(e => e.Metrics[metric]).ToArray();
        var isBaseline = baseline is not null && here.All(e => e.Cell.Loss == baseline);
        PairedDifference? difference = null;
        if (baseline is not null && !isBaseline)
        {
            // Only seeds where both this cell and the baseline's cell with the same other axes are ok:
            // the pairing is what removes the seed's share of the noise.
            var paired = ok
                .Where(e => partners.TryGetValue(PairKey(e.Cell), out var partner) && partner.Metrics.ContainsKey(metric))
                .Select(e => (Cell: e.Cell, Partner: partners[PairKey(e.Cell)].Cell, Difference: e.Metrics[metric] - partners[PairKey(e.Cell)].Metrics[metric]))
                .ToArray();
            var pairs = paired.Select(p => p.Difference).ToArray();
            if (pairs.Length > 0)
            {
                var interval = Statistics.TInterval95(pairs);
                var sd = Statistics.SampleStd(pairs);
                // AdjustedP needs the whole table: WithTests fills it in.
                difference = new PairedDifference(Statistics.Mean(pairs), sd, interval?.Low, interval?.High, pairs.Length,
                    Statistics.PairedTTestP(pairs), null, sd is { } s ? Statistics.MinimumDetectableDifference(s, pairs.Length) : null);
                if (predictions is not null && StoredPairs(metric, paired.Select(p => (p.Cell, p.Partner)).ToArray(), predictions) is { } outcomes)
                {
                    var boot = Statistics.PairedHierarchicalBootstrap(outcomes);
                    difference = difference with
                    {
                        BootLow = boot.Low,
                        BootHigh = boot.High,
                        BootP = boot.P,
                        BootSe = boot.StandardError,
                        // Both tests must reject (PairedDifference.Test): the larger of their detectable differences.
                        Mde = Math.Max(difference.Mde ?? 0, Statistics.MinimumDetectableDifferenceFromStandardError(boot.StandardError)),
                        McNemarP = outcomes.Length == 1 ? Statistics.McNemarExactP(outcomes[0].Other, outcomes[0].Baseline) : null,
                    };
                }
            }
        }
        return new ReportCell(row, column,
            values.Length == 0 ? null : Statistics.Mean(values),
            Statistics.SampleStd(values),
            values.Length,
            here.Count(e => e.Cell.Status == CellStatus.Diverged),
            here.Count(e => e.Cell.Status == CellStatus.Failed),
            difference,
            isBaseline);
    }

    /// <summary>
    /// The table-wide statistics: Holm's adjustment over the table's comparisons (its differences
    /// with a test: McNemar, bootstrap or t-test), the fewest seeds behind it, and its minimum
    /// detectable difference: from the median paired sd of the comparisons and their fewest pairs
    /// (t-test), from the median bootstrap standard error when every comparison has one, and the
    /// larger of the two when there are both (the marker then needs both tests to reject).
    /// </summary>
    private static ReportTable WithTests(ReportTable table)
    {
        var cells = table.Cells.ToArray();
        var tested = Enumerable.Range(0, cells.Length).Where(i => cells[i].Difference?.TestP is not null).ToArray();
        var adjusted = Statistics.HolmAdjust(tested.Select(i => cells[i].Difference!.TestP!.Value).ToArray());
        for (var k = 0; k < tested.Length; k++)
            cells[tested[k]] = cells[tested[k]] with { Difference = cells[tested[k]].Difference! with { AdjustedP = adjusted[k] } };

        var differences = cells.Where(c => c.Difference is not null).Select(c => c.Difference!).ToArray();
        int? fewest = differences.Length > 0 ? differences.Min(d => d.Pairs)
            : cells.Any(c => c.N > 0) ? cells.Where(c => c.N > 0).Min(c => c.N) : null;
        var comparisons = tested.Select(i => cells[i].Difference!).ToArray();
        var tests = new SortedDictionary<string, int>(comparisons.GroupBy(d => d.Test!).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        var withSd = comparisons.Where(d => d.Sd is not null).ToArray();
        var mdeSd = Statistics.Median(withSd.Select(d => d.Sd!.Value));
        int? mdePairs = withSd.Length > 0 ? withSd.Min(d => d.Pairs) : null;
        double? tMde = mdeSd is { } sd && mdePairs is { } n ? Statistics.MinimumDetectableDifference(sd, n) : null;
        double? mdeSe = comparisons.Length > 0 && comparisons.All(d => d.BootSe is not null) ? Statistics.Median(comparisons.Select(d => d.BootSe!.Value)) : null;
        double? bootMde = mdeSe is { } se ? Statistics.MinimumDetectableDifferenceFromStandardError(se) : null;
        // With both, the marker needs both tests to reject, so the design detects what the less sensitive one detects.
        var (mdeTest, mde) = (tMde, bootMde) switch
        {
            ({ } t, { } b) => (PairedDifference.BootstrapAndTTest, Math.Max(t, b)),
            (null, { } b) => (PairedDifference.BootstrapTest, b),
            ({ } t, null) => (PairedDifference.TTest, t),
            _ => ((string?)null, (double?)null),
        };
        return table with
        {
            Cells = cells,
            Comparisons = comparisons.Length,
            Tests = tests,
            FewestSeeds = fewest,
            MdeTest = mdeTest,
            MdeSd = tMde is null ? null : mdeSd,
            MdePairs = tMde is null ? null : mdePairs,
            MdeSe = mdeSe,
            Mde = mde,
        };
    }

    /// <summary>
    /// Per pair (cell, its baseline partner), both cells' per-example correctness for
    /// <paramref name="metric"/> (&lt;evaluation label&gt;.&lt;name&gt;, an outcome set the evaluation
    /// lists under <c>examples</c>) on the same examples, ordered by their index into the split; null
    /// unless every pair has them stored and readable for the same example indices on both sides.
    /// </summary>
    private static (IReadOnlyList<bool> Other, IReadOnlyList<bool> Baseline)[]? StoredPairs(string metric,
        (CellRecord Cell, CellRecord Partner)[] pairs, Func<CellRecord, CellPredictions?> predictions)
    {
        var result = new (IReadOnlyList<bool> Other, IReadOnlyList<bool> Baseline)[pairs.Length];
        for (var k = 0; k < pairs.Length; k++)
        {
            if (Outcomes(pairs[k].Cell, metric, predictions) is not { } other
                || Outcomes(pairs[k].Partner, metric, predictions) is not { } baseline) return null;
            var otherOrder = Enumerable.Range(0, other.Index.Length).OrderBy(i => other.Index[i]).ToArray();
            var baselineOrder = Enumerable.Range(0, baseline.Index.Length).OrderBy(i => baseline.Index[i]).ToArray();
            // Paired means the same examples: a different subset on either side is no pair.
            if (otherOrder.Length == 0 || otherOrder.Length != baselineOrder.Length
                || Enumerable.Range(0, otherOrder.Length).Any(i => other.Index[otherOrder[i]] != baseline.Index[baselineOrder[i]])) return null;
            result[k] = (otherOrder.Select(i => other.Correct[i]).ToArray(), baselineOrder.Select(i => baseline.Correct[i]).ToArray());
        }
        return result;
    }

    /// <summary>The stored outcomes of <paramref name="metric"/> of a cell, or null when its evaluation stored none or they cannot be read.</summary>
    private static LossBench.Sdk.Evaluations.ExampleOutcomes? Outcomes(CellRecord cell, string metric, Func<CellRecord, CellPredictions?> predictions)
    {
        if (cell.Predictions is null) return null;
        foreach (var (label, evaluation) in cell.Evaluations)
        {
            if (evaluation.ExampleNames is not { } names || !metric.StartsWith(label + ".", StringComparison.Ordinal)) continue;
            var name = metric[(label.Length + 1)..];
            if (!names.Contains(name)) continue;
            return predictions(cell)?.Get(label, name);
        }
        return null;
    }

    /// <summary>Everything but the loss: the baseline cell a cell is compared with.</summary>
    private static (string, string, string, ulong) PairKey(CellRecord cell) => (cell.Dataset, cell.Model, cell.Augmentation, cell.Seed);

    private static string[] Ordered(IEnumerable<string> labels, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder, Axis axis) =>
        labels.Distinct().OrderBy(l => Position(axisOrder, axis, l)).ThenBy(l => l, StringComparer.Ordinal).ToArray();

    /// <summary>Sections in the benchmark's order of the first hidden axis, then of the second (unlisted labels last, by name).</summary>
    private static int CompareSections(string[] a, string[] b, Axis[] axes, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder)
    {
        for (var i = 0; i < axes.Length; i++)
        {
            var byPosition = Position(axisOrder, axes[i], a[i]).CompareTo(Position(axisOrder, axes[i], b[i]));
            if (byPosition != 0) return byPosition;
            var byName = string.CompareOrdinal(a[i], b[i]);
            if (byName != 0) return byName;
        }
        return 0;
    }

    /// <summary>Where a label is listed in benchmarks.yaml.</summary>
    private static int Position(IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder, Axis axis, string label)
    {
        if (!axisOrder.TryGetValue(axis, out var listed)) return Unlisted;
        for (var i = 0; i < listed.Count; i++)
            if (listed[i] == label) return i;
        return Unlisted;
    }

    /// <summary>A record with its metrics, computed once.</summary>
    private sealed record Entry(CellRecord Cell, IReadOnlyDictionary<string, double> Metrics);
}
