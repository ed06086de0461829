using LossBench.Host.Matrix;
using LossBench.Host.Workers;

namespace LossBench.Host.Training;

/// <summary>How `lossbench run` runs a benchmark.</summary>
/// <param name="ResultsRoot">Results go to ResultsRoot/&lt;benchmark name&gt;/.</param>
/// <param name="Device">Overrides the benchmark's device (auto, cpu, cuda, cuda:N), or null.</param>
/// <param name="Threads">Overrides the benchmark's threads, or null.</param>
/// <param name="Force">Rerun cells that already have results.</param>
public sealed record RunOptions(string ResultsRoot, CellFilter Filter, Shard Shard, bool Force, string? Device = null, int? Threads = null)
{
    /// <summary>Only cells it accepts (besides <see cref="Filter"/> and <see cref="Shard"/>): a Slurm resource class's, or null for all.</summary>
    public Func<Cell, bool>? Select { get; init; }

    /// <summary>Worker processes computing cells at once; 1 computes them in this process.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>How worker processes are started (needed when <see cref="Jobs"/> is above 1).</summary>
    public WorkerLaunch? Workers { get; init; }

    /// <summary>A claim of another host not refreshed for this long is taken over (<see cref="Results.CellClaims"/>).</summary>
    public TimeSpan ClaimTimeout { get; init; } = Results.CellClaims.DefaultStaleAfter;
}
