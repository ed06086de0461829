using System.Globalization;
using System.Text;

namespace LossBench.Host.Cluster;

/// <summary>
/// The sbatch scripts of `lossbench slurm submit`: a job array whose task i runs shard i+1 of N
/// (<c>lossbench run FILE --shard $((SLURM_ARRAY_TASK_ID+1))/N --out DIR</c>), and a report job that
/// runs <c>lossbench report DIR</c> once the array has ended (submitted with --dependency=afterany, so
/// the report is written even when a task failed). The tasks share nothing but the results folder:
/// each cell's claim keeps two tasks (or a rerun) from computing one cell twice.
/// </summary>
public static class SlurmScripts
{
    public static string Array(SlurmRequest request)
    {
        var text = Header(request, request.ResourceClass is { } c ? $"lossbench-{request.BenchmarkName}-{c}" : $"lossbench-{request.BenchmarkName}", "%x-%A_%a.out");
        var last = request.Tasks - 1;
        Directive(text, "array", request.MaxParallel is { } k ? Invariant($"0-{last}%{k}") : Invariant($"0-{last}"));
        Directive(text, "partition", request.Partition);
        Directive(text, "time", request.Time);
        Directive(text, "cpus-per-task", request.CpusPerTask?.ToString(CultureInfo.InvariantCulture));
        Directive(text, "gpus-per-task", request.GpusPerTask?.ToString(CultureInfo.InvariantCulture));
        Directive(text, "mem", request.Mem);
        Body(text, request);
        // Threads follow the CPUs Slurm gave the task; without --cpus-per-task the benchmark's threads stand.
        var threads = request.CpusPerTask is { } cpus ? Invariant($" --threads \"${{SLURM_CPUS_PER_TASK:-{cpus}}}\"") : "";
        text.Append("echo \"lossbench: task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname): shard $((SLURM_ARRAY_TASK_ID+1))/")
            .Append(request.Tasks.ToString(CultureInfo.InvariantCulture)).Append("\"\n");
        text.Append(request.Lossbench).Append(" run ").Append(Quote(request.BenchmarkFile))
            .Append(" --shard \"$((SLURM_ARRAY_TASK_ID+1))/").Append(request.Tasks.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" --out ").Append(Quote(request.ResultsRoot)).Append(threads)
            .Append(request.ResourceClass is { } resourceClass ? " --slurm-class " + Quote(resourceClass) : "").Append('\n');
        return text.ToString();
    }

    public static string Report(SlurmRequest request)
    {
        var text = Header(request, $"lossbench-{request.BenchmarkName}-report", "%x-%j.out");
        Directive(text, "partition", request.Partition);
        Directive(text, "time", "1:00:00");
        Directive(text, "cpus-per-task", "1");
        Body(text, request);
        text.Append(request.Lossbench).Append(" report ").Append(Quote(request.ResultsDirectory)).Append('\n');
        return text.ToString();
    }

    /// <summary>The array script's file name: array.sbatch, or array-&lt;class&gt;.sbatch for one resource class.</summary>
    public static string ArrayFileName(SlurmRequest request) => request.ResourceClass is { } c ? $"array-{c}.sbatch" : "array.sbatch";

    /// <summary>Where the scripts and the tasks' logs go: &lt;results&gt;/slurm/.</summary>
    public static string LogDirectory(SlurmRequest request) => Path.Combine(request.ResultsDirectory, "slurm");

    private static StringBuilder Header(SlurmRequest request, string name, string log)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append("# Written by lossbench slurm submit (").Append(Cli.CliApp.Version).Append(").\n");
        Directive(text, "job-name", name);
        Directive(text, "output", Path.Combine(LogDirectory(request), log));
        Directive(text, "chdir", request.WorkingDirectory);
        return text;
    }

    private static void Body(StringBuilder text, SlurmRequest request)
    {
        text.Append("set -euo pipefail\n");
        // Plain progress lines in the log, never a live display.
        text.Append("export CI=true\n");
    }

    private static void Directive(StringBuilder text, string name, string? value)
    {
        if (value is not null) text.Append("#SBATCH --").Append(name).Append('=').Append(value).Append('\n');
    }

    /// <summary>A word for bash in single quotes (a single quote inside becomes '\'').</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
