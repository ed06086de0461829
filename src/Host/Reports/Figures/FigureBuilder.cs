using System.Globalization;
using System.Text;
using LossBench.Host.Config;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// The figures of a benchmark's results, as data, one per kind of curve and data set, model and
/// augmentation (a section): training loss and test accuracy per epoch; per evaluation, accuracy
/// against every budget it reports as metrics (an attack's epsilons with its noise control, the
/// fraction of salient pixels replaced with the random-pixel control, a noise evaluation's kinds),
/// the reliability diagram, the detection ROC, the curvature spectrum, and any other curve an
/// evaluation stores. Lines over seeds are the mean with a band of ± one sample standard deviation;
/// curves whose x differs between seeds (reliability bins, ROC thresholds) are drawn once per seed.
/// As in the tables, only cells whose status is ok count.
/// </summary>
public static class FigureBuilder
{
    private static readonly string[] Patterns = ["solid", "dashed", "dotted"];

    /// <summary>Series drawn solid, before their controls (dashed); any others follow in name order.</summary>
    private static readonly string[] Primary = ["accuracy", "salient.accuracy"];

    /// <param name="cells">The verified records of the report.</param>
    /// <param name="axisOrder">The axes in benchmarks.yaml's order (sections, and each loss's colour, follow it).</param>
    /// <param name="evaluations">Evaluation labels in benchmarks.yaml's order (others follow by name).</param>
    public static IReadOnlyList<Figure> Build(IReadOnlyList<CellRecord> cells, IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder,
        IReadOnlyList<string> evaluations)
    {
        var palette = new LossPalette(axisOrder.TryGetValue(Axis.Loss, out var losses) ? losses : []);
        var ok = cells.Where(c => c.Status == CellStatus.Ok)
            .OrderBy(c => Position(axisOrder, Axis.Loss, c.Loss)).ThenBy(c => c.Loss, StringComparer.Ordinal)
            .ThenBy(c => c.Seed).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var sections = ok.GroupBy(c => (c.Dataset, c.Model, c.Augmentation))
            .OrderBy(g => Position(axisOrder, Axis.Dataset, g.Key.Dataset)).ThenBy(g => g.Key.Dataset, StringComparer.Ordinal)
            .ThenBy(g => Position(axisOrder, Axis.Model, g.Key.Model)).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .ThenBy(g => Position(axisOrder, Axis.Augmentation, g.Key.Augmentation)).ThenBy(g => g.Key.Augmentation, StringComparer.Ordinal)
            .ToArray();
        var figures = new List<Figure>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < sections.Length; s++)
        {
            var (dataset, model, augmentation) = sections[s].Key;
            var section = new Section($"dataset={dataset}, model={model}, augmentation={augmentation}",
                sections.Length == 1 ? "" : $" ({dataset}, {model}, {augmentation})",
                sections.Length == 1 ? "" : ReportFormat.Invariant($"-s{s + 1}"), sections[s].ToArray(), palette);
            var added = new List<Figure>();
            added.AddRange(Training(section));
            var labels = section.Cells.SelectMany(c => c.Evaluations.Keys).Distinct(StringComparer.Ordinal)
                .OrderBy(l => IndexOf(evaluations, l)).ThenBy(l => l, StringComparer.Ordinal);
            foreach (var label in labels) added.AddRange(OfEvaluation(section, label));
            foreach (var figure in added) figures.Add(figure with { Name = Unique(figure.Name, names) });
        }
        return figures;
    }

    /// <summary>One section of figures: the cells of one data set, model and augmentation.</summary>
    private sealed record Section(string Title, string TitleSuffix, string NameSuffix, CellRecord[] Cells, LossPalette Palette);

    private static IEnumerable<Figure> Training(Section section)
    {
        var trained = section.Cells.Where(c => c.Training is { Epochs.Count: > 0 }).ToArray();
        if (trained.Length == 0) yield break;
        var note = Seeds(trained) + "; one point per epoch, measured after it.";
        yield return new Figure("training-loss" + section.NameSuffix, "training-loss", "Training loss per epoch" + section.TitleSuffix, section.Title,
            "epoch", "mean training loss over the epoch's batches (the trained loss's own scale)",
            MeanSeries(section, trained, c => c.Training!.Epochs.Select(e => ((double)e.Epoch, (double?)e.TrainLoss))), note);
        var tested = trained.Where(c => c.Training!.Epochs.Any(e => e.TestAccuracy is not null)).ToArray();
        if (tested.Length > 0)
            yield return new Figure("test-accuracy" + section.NameSuffix, "test-accuracy", "Test accuracy per epoch" + section.TitleSuffix, section.Title,
                "epoch", "test accuracy (fraction correct)",
                MeanSeries(section, tested, c => c.Training!.Epochs.Select(e => ((double)e.Epoch, e.TestAccuracy))), note) { UnitY = true };
    }

    private static IEnumerable<Figure> OfEvaluation(Section section, string label)
    {
        var cells = section.Cells.Where(c => c.Evaluations.ContainsKey(label)).ToArray();
        var records = cells.Select(c => (Cell: c, Record: c.Evaluations[label])).ToArray();
        var drewBudgets = false;
        var budgets = records.SelectMany(r => r.Record.Metrics.Keys).Select(BudgetMetric.Parse).OfType<BudgetMetric>()
            .GroupBy(m => m.Parameter).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in budgets)
        {
            if (parameter.Select(m => m.Value).Distinct().Count() + (parameter.Key == "eps" ? 1 : 0) < 2) continue;
            drewBudgets = true;
            yield return BudgetFigure(section, label, parameter.Key, parameter.Select(m => m.Series).Distinct(StringComparer.Ordinal).ToArray(), records);
        }
        if (Spectrum(section, label, records) is { } spectrum) yield return spectrum;
        var curveNames = records.SelectMany(r => r.Record.Curves.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in curveNames)
        {
            if (name == "reliability") yield return PerSeedCurve(section, label, name, records, "reliability", "reliability diagram", diagonal: true,
                "confidence (mean top-class probability in the bin)", "accuracy in the bin (fraction correct)",
                "one line per seed, a point per non-empty confidence bin; on the diagonal a model is calibrated, below it over-confident");
            else if (name == "roc") yield return PerSeedCurve(section, label, name, records, "roc", "detection ROC", diagonal: true,
                "false-positive rate (natural images flagged)", "detection rate (perturbed images flagged)",
                "held-out half, one line per seed; the diagonal is a detector that guesses");
            // An attack's or saliency's own curves hold the numbers already drawn from its metrics.
            else if (!drewBudgets) yield return PerSeedCurve(section, label, name, records, "curve", name, diagonal: false, null, null, "one line per seed");
        }
    }

    private static Figure BudgetFigure(Section section, string label, string parameter, string[] seriesNames, (CellRecord Cell, EvaluationRecord Record)[] records)
    {
        var ordered = seriesNames.OrderBy(n => Array.IndexOf(Primary, n) is var i && i >= 0 ? i : Primary.Length).ThenBy(n => n, StringComparer.Ordinal).ToArray();
        var series = new List<FigureSeries>();
        var legend = new List<string>();
        for (var k = 0; k < ordered.Length; k++)
        {
            var name = ordered[k];
            var pattern = Patterns[Math.Min(k, Patterns.Length - 1)];
            legend.Add($"{pattern}: {Describe(name, records)}");
            foreach (var byLoss in records.GroupBy(r => r.Cell.Loss))
            {
                var points = byLoss.Select(r => Points(r.Record, name, parameter)).ToArray();
                var s = Mean(points, byLoss.Key, section.Palette, pattern, label: k == 0 ? byLoss.Key : null);
                if (s is not null) series.Add(s);
            }
        }
        var (kind, xLabel, title) = parameter switch
        {
            "eps" => ("robustness", $"perturbation budget epsilon ({Norm(records)}, pixel values in [0, 1])", $"{label}: accuracy vs epsilon"),
            "k" => ("saliency", "fraction of the image's pixels replaced", $"{label}: accuracy vs pixels replaced"),
            _ => ("curve", parameter, $"{label}: by {parameter}"),
        };
        var yLabel = ordered.All(n => n == "accuracy" || n.EndsWith(".accuracy", StringComparison.Ordinal) || n.EndsWith("-accuracy", StringComparison.Ordinal))
            ? "accuracy (fraction correct)" : "value";
        var note = $"{Seeds(records.Select(r => r.Cell))}; {string.Join("; ", legend)}" +
                   (parameter == "eps" && records.Any(r => r.Record.Metrics.ContainsKey("clean-accuracy")) ? "; epsilon 0 is the clean accuracy of the same examples." : ".");
        return new Figure($"{kind}-{Slug(label)}" + section.NameSuffix, kind, title + section.TitleSuffix, section.Title, xLabel, yLabel, series, note)
        {
            UnitY = yLabel.StartsWith("accuracy", StringComparison.Ordinal),
        };
    }

    /// <summary>The points (budget, value) of one series of one evaluation record; an attack's clean accuracy is its point at epsilon 0.</summary>
    private static IEnumerable<(double X, double? Y)> Points(EvaluationRecord record, string series, string parameter)
    {
        var points = new SortedDictionary<double, double>();
        foreach (var (name, value) in record.Metrics)
            if (BudgetMetric.Parse(name) is { } m && m.Series == series && m.Parameter == parameter) points[m.Value] = value;
        if (points.Count > 0 && parameter == "eps" && !points.ContainsKey(0) && record.Metrics.TryGetValue("clean-accuracy", out var clean)) points[0] = clean;
        return points.Select(p => (p.Key, (double?)p.Value));
    }

    /// <summary>The i-th largest principal curvature against i, with the mean |curvature| along random tangent directions as the control.</summary>
    private static Figure? Spectrum(Section section, string label, (CellRecord Cell, EvaluationRecord Record)[] records)
    {
        static IEnumerable<(double X, double? Y)> Ranked(EvaluationRecord record) => record.Metrics
            .Where(m => m.Key.StartsWith("curvature@", StringComparison.Ordinal) && int.TryParse(m.Key["curvature@".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(m => ((double)int.Parse(m.Key["curvature@".Length..], CultureInfo.InvariantCulture), (double?)m.Value)).OrderBy(p => p.Item1);
        if (!records.Any(r => Ranked(r.Record).Count() >= 2)) return null;
        var series = new List<FigureSeries>();
        foreach (var byLoss in records.GroupBy(r => r.Cell.Loss))
        {
            if (Mean(byLoss.Select(r => Ranked(r.Record)).ToArray(), byLoss.Key, section.Palette, "solid", byLoss.Key) is { } top) series.Add(top);
            // The control as a flat line over the same ranks.
            var ranks = byLoss.SelectMany(r => Ranked(r.Record).Select(p => p.X)).Distinct().Order().ToArray();
            if (Mean(byLoss.Select(r => r.Record.Metrics.TryGetValue("random-curvature", out var v) ? ranks.Select(x => (x, (double?)v)) : []).ToArray(),
                    byLoss.Key, section.Palette, "dashed", null) is { } control) series.Add(control with { Marker = "none" });
        }
        return new Figure($"curvature-spectrum-{Slug(label)}" + section.NameSuffix, "curvature-spectrum", $"{label}: principal curvatures of the boundary" + section.TitleSuffix,
            section.Title, "rank of the principal curvature (1 = largest |curvature|)", "|curvature| (1 / input-space L2 distance)", series,
            $"{Seeds(records.Select(r => r.Cell))}; solid: mean |i-th principal curvature| over the boundary points; dashed: mean |curvature| along random tangent directions (the control).");
    }

    private static Figure PerSeedCurve(Section section, string label, string name, (CellRecord Cell, EvaluationRecord Record)[] records, string kind, string what,
        bool diagonal, string? xLabel, string? yLabel, string note)
    {
        var series = new List<FigureSeries>();
        Curve? first = null;
        foreach (var byLoss in records.GroupBy(r => r.Cell.Loss))
        {
            var labelled = false;
            foreach (var (cell, record) in byLoss)
            {
                if (!record.Curves.TryGetValue(name, out var curve) || curve.X.Count == 0) continue;
                first ??= curve;
                series.Add(new FigureSeries(labelled ? null : byLoss.Key, byLoss.Key, section.Palette.Colour(byLoss.Key), "solid", section.Palette.Marker(byLoss.Key),
                    curve.X.ToArray(), curve.Y.ToArray(), 0));
                labelled = true;
            }
        }
        var title = kind == "curve" ? $"{label}: {name}" : $"{label}: {what}";
        return new Figure($"{kind}-{Slug(label)}{(kind == "curve" ? "-" + Slug(name) : "")}" + section.NameSuffix, kind, title + section.TitleSuffix, section.Title,
            xLabel ?? WithUnits(first?.XName ?? "x"), yLabel ?? WithUnits(first?.YName ?? "y"), series, $"{SeedCount(records.Select(r => r.Cell))}; {note}.")
        {
            Diagonal = diagonal,
            UnitY = diagonal,
        };
    }

    /// <summary>Per loss, the mean over its seeds of one line per cell, with every cell's points (by x).</summary>
    private static IReadOnlyList<FigureSeries> MeanSeries(Section section, CellRecord[] cells, Func<CellRecord, IEnumerable<(double X, double? Y)>> points) =>
        cells.GroupBy(c => c.Loss)
            .Select(g => Mean(g.Select(points).ToArray(), g.Key, section.Palette, "solid", g.Key))
            .OfType<FigureSeries>().ToArray();

    /// <summary>
    /// The mean of the cells' lines at each x any of them has (each cell once), with mean ± sample
    /// std as the band where two or more cells have the point; null when no cell has a point.
    /// </summary>
    private static FigureSeries? Mean(IReadOnlyList<IEnumerable<(double X, double? Y)>> lines, string loss, LossPalette palette, string pattern, string? label)
    {
        var byX = new SortedDictionary<double, List<double>>();
        foreach (var line in lines)
        foreach (var (x, y) in line)
        {
            if (y is not { } value || !double.IsFinite(value)) continue;
            if (!byX.TryGetValue(x, out var values)) byX[x] = values = [];
            values.Add(value);
        }
        if (byX.Count == 0) return null;
        var xs = byX.Keys.ToArray();
        var means = byX.Values.Select(v => Statistics.Mean(v)).ToArray();
        var stds = byX.Values.Select(v => Statistics.SampleStd(v)).ToArray();
        var series = new FigureSeries(label, loss, palette.Colour(loss), pattern, palette.Marker(loss), xs, means, lines.Count);
        return stds.Any(s => s is not null)
            ? series with { Low = means.Select((m, i) => m - (stds[i] ?? 0)).ToArray(), High = means.Select((m, i) => m + (stds[i] ?? 0)).ToArray() }
            : series;
    }

    /// <summary>What a series of a budget figure is, from the evaluation's own curve of that name when it stores one (e.g. "accuracy under sign noise").</summary>
    private static string Describe(string series, (CellRecord Cell, EvaluationRecord Record)[] records)
    {
        var curveName = series.EndsWith(".accuracy", StringComparison.Ordinal) ? series[..^".accuracy".Length] : series;
        var stored = records.Select(r => r.Record.Curves.TryGetValue(curveName, out var c) ? c.YName : null).FirstOrDefault(n => n is not null);
        var what = stored ?? series;
        return series switch
        {
            "noise-accuracy" or "random.accuracy" => what + " (the control)",
            _ => what,
        };
    }

    /// <summary>The attack's norm as its stored curves name it (eps (linf), eps (l2)); "L-inf or L2 norm" when unknown.</summary>
    private static string Norm(IEnumerable<(CellRecord Cell, EvaluationRecord Record)> records)
    {
        var names = records.SelectMany(r => r.Record.Curves.Values).Select(c => c.XName).Distinct().ToArray();
        return names.Contains("eps (l2)") && !names.Contains("eps (linf)") ? "L2 norm"
            : names.Contains("eps (linf)") && !names.Contains("eps (l2)") ? "L-inf norm"
            : "L-inf or L2 norm";
    }

    private static string Seeds(IEnumerable<CellRecord> cells)
    {
        var perLoss = cells.GroupBy(c => c.Loss).Select(g => g.Select(c => c.Seed).Distinct().Count()).Distinct().Order().ToArray();
        var count = perLoss.Length == 1 ? perLoss[0].ToString(CultureInfo.InvariantCulture) : $"{perLoss[0]}-{perLoss[^1]}";
        return perLoss is [1] ? "one seed per loss" : $"mean over {count} seeds per loss, band ± one sample standard deviation";
    }

    /// <summary>A stored curve's axis name with the unit the evaluations' own names leave implicit (accuracies are fractions, budgets are in pixel values in [0, 1]).</summary>
    private static string WithUnits(string name) => name switch
    {
        "accuracy" => "accuracy (fraction correct)",
        _ when name.StartsWith("eps", StringComparison.Ordinal) => $"perturbation size {name} (pixel values in [0, 1])",
        _ => name,
    };

    /// <summary>How many seeds per loss a figure of one line per cell draws.</summary>
    private static string SeedCount(IEnumerable<CellRecord> cells)
    {
        var perLoss = cells.GroupBy(c => c.Loss).Select(g => g.Select(c => c.Seed).Distinct().Count()).Distinct().Order().ToArray();
        return perLoss switch
        {
            [1] => "one seed per loss",
            [var n] => ReportFormat.Invariant($"{n} seeds per loss"),
            _ => ReportFormat.Invariant($"{perLoss[0]}-{perLoss[^1]} seeds per loss"),
        };
    }

    /// <summary>A label as part of a file name: lower-case letters, digits and '-', at most 60 characters.</summary>
    internal static string Slug(string label)
    {
        var text = new StringBuilder();
        foreach (var c in label.ToLowerInvariant())
            text.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : c == '.' ? '.' : '-');
        var slug = string.Join('-', text.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries)).Trim('.');
        return slug.Length == 0 ? "evaluation" : slug.Length <= 60 ? slug : slug[..60].TrimEnd('-', '.');
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++) candidate = ReportFormat.Invariant($"{name}-{n}");
        return candidate;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return int.MaxValue;
    }

    private static int Position(IReadOnlyDictionary<Axis, IReadOnlyList<string>> axisOrder, Axis axis, string label) =>
        axisOrder.TryGetValue(axis, out var listed) ? IndexOf(listed, label) : int.MaxValue;
}
