using LossBench.Host.Search;

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// The progress figure of a loss search: per augmentation, the best fitness among the candidates
/// trained so far against the number trained (only candidates whose run ended ok count, as on the
/// leaderboard), with each reference loss's fitness under the same budget as a dashed line in the
/// augmentation's colour.
/// </summary>
public static class SearchFigures
{
    public static Figure Progress(IReadOnlyList<SearchState> states)
    {
        var palette = new LossPalette(states.Select(s => s.Augmentation));
        var series = new List<FigureSeries>();
        var references = new List<string>();
        foreach (var state in states)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var best = double.NegativeInfinity;
            foreach (var member in state.History.OrderBy(m => m.Index))
            {
                if (member.Status == FitnessStatus.Ok && member.Fitness > best)
                {
                    // The best so far is a step: it holds until the candidate that beats it.
                    if (ys.Count > 0)
                    {
                        xs.Add(member.Index + 1);
                        ys.Add(best);
                    }
                    best = member.Fitness;
                }
                if (double.IsNegativeInfinity(best)) continue;
                xs.Add(member.Index + 1);
                ys.Add(best);
            }
            var colour = palette.Colour(state.Augmentation);
            if (xs.Count > 0)
                series.Add(new FigureSeries(state.Augmentation, state.Augmentation, colour, "solid", "none", xs, ys, 0));
            var last = Math.Max(1, state.History.Count);
            foreach (var reference in state.References.Where(r => r.Status == FitnessStatus.Ok))
            {
                series.Add(new FigureSeries(null, state.Augmentation, colour, reference.Loss == state.References[0].Loss ? "dashed" : "dotted", "none",
                    [1.0, last], [reference.Fitness, reference.Fitness], 0));
                references.Add($"{state.Augmentation}: {reference.Loss} {ReportFormat.Number(reference.Fitness, 4)}");
            }
        }
        var first = states.SelectMany(s => s.References).Select(r => r.Loss).FirstOrDefault();
        var note = "solid: best fitness so far (best validation accuracy of the surrogate run) among the candidates trained; " +
                   (first is null ? "no references were scored." : $"dashed: {first}, dotted: the other references, scored under the same budget ({string.Join("; ", references)}).");
        return new Figure("search-progress", "search-progress", "Loss search: best fitness vs candidates trained", "search",
            "candidates trained (count)", "best fitness so far (validation accuracy, fraction)", series, note);
    }
}
