namespace LossBench.Host.Cluster;

/// <summary>
/// What `lossbench slurm submit` asks of Slurm: a job array of <paramref name="Tasks"/> shards of the
/// benchmark, each task with the given resources (null: the cluster's default), then a report job.
/// </summary>
/// <param name="BenchmarkFile">The benchmark file, as an absolute path (tasks run on other machines that share the file system).</param>
/// <param name="ResultsRoot">--out: results go to ResultsRoot/&lt;benchmark&gt;/, absolute.</param>
/// <param name="ResultsDirectory">ResultsRoot/&lt;benchmark&gt;.</param>
/// <param name="Lossbench">How a task starts this tool (quoted shell words), e.g. `"/usr/bin/dotnet" "/opt/lossbench/lossbench.dll"`.</param>
/// <param name="MaxParallel">At most this many tasks of the array running at once (--array=0-N%K), or null.</param>
/// <param name="Time">Wall-time limit of a task (Slurm's format, e.g. 2:00:00), or null.</param>
/// <param name="CpusPerTask">CPUs of a task, also its libtorch threads; null leaves the benchmark's threads.</param>
/// <param name="Mem">Memory of a task (Slurm's format, e.g. 8G), or null.</param>
/// <param name="ResourceClass">The cells of one class of the benchmark's slurm: section (<see cref="SlurmResourceClasses"/>), or null for all.</param>
public sealed record SlurmRequest(
    string BenchmarkName,
    string BenchmarkFile,
    string ResultsRoot,
    string ResultsDirectory,
    string Lossbench,
    int Tasks,
    string WorkingDirectory,
    string? Partition = null,
    string? Time = null,
    int? CpusPerTask = null,
    int? GpusPerTask = null,
    string? Mem = null,
    int? MaxParallel = null,
    string? ResourceClass = null);
