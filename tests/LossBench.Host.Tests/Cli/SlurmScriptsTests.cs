using LossBench.Host.Cluster;

namespace LossBench.Host.Tests.Cli;

/// <summary>The sbatch scripts of `lossbench slurm submit`: the array's directives and each task's shard, and the report job.</summary>
public sealed class SlurmScriptsTests
{
    private static readonly SlurmRequest Request = new("bench", "/home/u/bench's.yaml", "/scratch/out", "/scratch/out/bench", "lossbench", Tasks: 4,
        WorkingDirectory: "/home/u", Partition: "gpu", Time: "2:00:00", CpusPerTask: 8, GpusPerTask: 1, Mem: "16G", MaxParallel: 2);

    [Fact]
    public void TheArrayRunsShardIPlusOneOfNWithTheGivenResources()
    {
        var lines = SlurmScripts.Array(Request).Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=0-3%2", lines);
        Assert.Contains("#SBATCH --partition=gpu", lines);
        Assert.Contains("#SBATCH --time=2:00:00", lines);
        Assert.Contains("#SBATCH --cpus-per-task=8", lines);
        Assert.Contains("#SBATCH --gpus-per-task=1", lines);
        Assert.Contains("#SBATCH --mem=16G", lines);
        Assert.Contains("#SBATCH --output=/scratch/out/bench/slurm/%x-%A_%a.out", lines);
        Assert.Contains("lossbench run '/home/u/bench'\\''s.yaml' --shard \"$((SLURM_ARRAY_TASK_ID+1))/4\" --out '/scratch/out' --threads \"${SLURM_CPUS_PER_TASK:-8}\"", lines);
    }

    [Fact]
    public void WithoutLimitsTheArrayHasNoThrottleAndKeepsTheBenchmarksThreads()
    {
        var script = SlurmScripts.Array(Request with { MaxParallel = null, CpusPerTask = null, Partition = null });
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.DoesNotContain("--threads", script);
        Assert.DoesNotContain("--partition", script);
    }

    [Fact]
    public void TheReportJobReportsTheResultsFolder()
    {
        var script = SlurmScripts.Report(Request);
        Assert.Contains("lossbench report '/scratch/out/bench'\n", script);
        Assert.DoesNotContain("--array", script);
    }
}
