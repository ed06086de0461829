using LossBench.Host.Results;

namespace LossBench.Host.Cluster;

/// <summary>
/// Where a results folder stands, from its files alone (any number of shards, runs or hosts writing
/// into it): cells done (ok or diverged), failed, running (claimed, with who holds the claim, and
/// whether it is stale), and left (planned, without a record or claim). For `lossbench slurm status`.
/// </summary>
public sealed record ResultsProgress(
    int Planned,
    IReadOnlyList<string> Done,
    IReadOnlyList<(string CellId, string? Label, string? Message)> Failed,
    IReadOnlyList<(string CellId, CellClaim? Claim, string? Stale)> Running,
    IReadOnlyList<string> Left)
{
    public static ResultsProgress Of(ResultStore store, TimeSpan claimTimeout)
    {
        var benchmark = store.ReadBenchmark();
        var records = store.InspectAll()
            .Where(f => f is { Problem: null, Record: not null })
            .ToDictionary(f => f.CellId, f => f.Record!, StringComparer.Ordinal);
        using var claims = new CellClaims(store, claimTimeout, _ => { });
        var running = claims.All().Select(c => (c.CellId, c.Claim, c.Stale)).ToArray();
        var claimed = running.Select(r => r.CellId).ToHashSet(StringComparer.Ordinal);
        var done = new List<string>();
        var failed = new List<(string, string?, string?)>();
        var left = new List<string>();
        foreach (var id in benchmark.CellIds.Distinct())
        {
            if (claimed.Contains(id)) continue;
            if (records.TryGetValue(id, out var record))
            {
                if (record.Status is CellStatus.Ok or CellStatus.Diverged) done.Add(id);
                else failed.Add((id, $"{record.Loss} / {record.Augmentation} / seed {record.Seed}", record.Message));
            }
            else left.Add(id);
        }
        return new ResultsProgress(benchmark.CellIds.Distinct().Count(), done, failed, running, left);
    }
}
