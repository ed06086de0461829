using LossBench.Host.Matrix;

namespace LossBench.Host.Training;

/// <summary>How `lossbench run` runs a benchmark.</summary>
/// <param name="ResultsRoot">Results go to ResultsRoot/&lt;benchmark name&gt;/.</param>
/// <param name="Device">Overrides the benchmark's device (auto, cpu, cuda, cuda:N), or null.</param>
/// <param name="Threads">Overrides the benchmark's threads, or null.</param>
/// <param name="Force">Rerun cells that already have results.</param>
public sealed record RunOptions(string ResultsRoot, CellFilter Filter, Shard Shard, bool Force, string? Device = null, int? Threads = null);
