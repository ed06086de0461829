using System.Globalization;
using System.Text;

namespace LossBench.Host.Search;

/// <summary>
/// The results of a search: per augmentation, the references then the best distinct formulas by
/// fitness (the earlier candidate first among equals), as a Markdown table and as `expr:` entries
/// ready to paste into a benchmark's `losses:`.
/// </summary>
public static class SearchLeaderboard
{
    public static IReadOnlyList<LeaderboardRow> Rows(SearchState state, int top)
    {
        var rows = state.References
            .Select(r => new LeaderboardRow(null, r.Loss, r.Fitness, null, null, r.Status, true))
            .ToList();
        var best = Best(state, top);
        rows.AddRange(best.Select((m, i) => new LeaderboardRow(i + 1, m.Formula, m.Fitness, m.Size, m.Index, m.Status, false)));
        return rows;
    }

    /// <summary>The fittest distinct formulas, at most <paramref name="top"/>.</summary>
    public static IReadOnlyList<SearchMember> Best(SearchState state, int top) =>
        state.History
            .Where(m => m.Status == FitnessStatus.Ok)
            .OrderByDescending(m => m.Fitness).ThenBy(m => m.Index)
            .DistinctBy(m => m.Formula)
            .Take(top)
            .ToArray();

    public static string Markdown(IEnumerable<SearchState> states, int top)
    {
        var text = new StringBuilder();
        foreach (var state in states)
        {
            var history = state.History;
            text.Append(CultureInfo.InvariantCulture, $"## Augmentation: {state.Augmentation}\n\n");
            text.Append(CultureInfo.InvariantCulture,
                $"{history.Count} candidate(s) trained ({history.Count(m => m.Status == FitnessStatus.Gated)} stopped by the gate, " +
                $"{history.Count(m => m.Status == FitnessStatus.Diverged)} diverged, {history.Count(m => m.Status == FitnessStatus.Failed)} failed); " +
                $"{state.Rejected} turned down by the integrity check. Fitness: best validation accuracy of the surrogate run.\n\n");
            if (state.GateThreshold is { } threshold)
            {
                var reference = state.References.FirstOrDefault(r => r.Loss == GateRule.Reference)?.GateAccuracy;
                var source = reference is { } accuracy
                    ? string.Create(CultureInfo.InvariantCulture, $" ({GateRule.Reference}'s there: {accuracy:0.000})")
                    : "";
                text.Append(CultureInfo.InvariantCulture, $"Gate: training accuracy {threshold:0.000} after the gate epochs{source}.\n\n");
            }
            text.Append("| Rank | Loss | Fitness | Size | Candidate # |\n|---:|---|---:|---:|---:|\n");
            foreach (var row in Rows(state, top))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {(row.IsReference ? "ref" : row.Rank!.Value.ToString(CultureInfo.InvariantCulture))} | {(row.IsReference ? row.Loss : $"`{row.Loss}`")} | " +
                    $"{(row.Status == FitnessStatus.Ok ? row.Fitness.ToString("0.0000", CultureInfo.InvariantCulture) : row.Status.ToString().ToLowerInvariant())} | " +
                    $"{row.Size?.ToString(CultureInfo.InvariantCulture) ?? ""} | {(row.Candidate + 1)?.ToString(CultureInfo.InvariantCulture) ?? ""} |\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The best formulas of each augmentation as `expr:` entries of a `losses:` list, with their fitness as comments.</summary>
    public static string PasteYaml(IEnumerable<SearchState> states, int top)
    {
        var text = new StringBuilder("# Best losses of the search (fitness: best validation accuracy of the surrogate run).\n# Paste the entries into a benchmark's losses: list.\n");
        foreach (var state in states)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n# augmentation: {state.Augmentation}\n");
            foreach (var reference in state.References)
                text.Append(CultureInfo.InvariantCulture, $"#   reference {reference.Loss}: {reference.Fitness:0.0000}\n");
            text.Append("losses:\n");
            foreach (var member in Best(state, top))
                text.Append(CultureInfo.InvariantCulture, $"  - {Entry(member.Formula)}  # fitness {member.Fitness:0.0000}, size {member.Size}\n");
        }
        return text.ToString();
    }

    /// <summary>A formula as a one-line `expr` loss entry.</summary>
    public static string Entry(string formula) => $"expr: {{ formula: \"{formula}\" }}";
}
