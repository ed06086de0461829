using LossBench.Host.Results;

namespace LossBench.Host.Training;

/// <summary>
/// What a run did: cells taken from earlier results, trained or evaluated now, and how they ended;
/// <paramref name="ClaimedElsewhere"/> cells were left to the other process computing them (another
/// run or shard into the same results folder).
/// </summary>
public sealed record RunSummary(ResultStore Store, int Planned, int Cached, int Ok, int Diverged, int Failed, bool Cancelled, double Seconds, int ClaimedElsewhere = 0)
{
    public int ExitCode => Cancelled ? 130 : Failed > 0 ? 1 : 0;
}
