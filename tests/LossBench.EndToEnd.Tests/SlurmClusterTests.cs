using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// `lossbench slurm submit` against a real one-node Slurm cluster (<see cref="SlurmTestCluster"/>):
/// a 4-cell matrix as a 2-task array and its report job give, byte for byte, the report.csv of one
/// sequential run. Skipped, with the reason, where the daemons cannot run (not root, not installed).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmClusterTests(ITestOutputHelper log)
{
    [SkippableFact]
    public void ATwoTaskArrayAndItsReportJobGiveTheSequentialReport()
    {
        Skip.If(SlurmTestCluster.CannotRun() is not null, SlurmTestCluster.CannotRun());
        var clock = Stopwatch.StartNew();
        using var run = new ToolRun(TinyBenchmark.Yaml());
        var sequential = run.RunBenchmark("sequential");
        Assert.True(sequential.Code == 0, sequential.Output + sequential.Error);

        using var cluster = SlurmTestCluster.Start();
        string output;
        using (var submit = new ToolProcess(run, cluster.Environment_, "slurm", "submit", run.BenchmarkFile, "--tasks", "2", "--cpus-per-task", "1",
                   "--out", run.Results("slurm")))
        {
            var (code, text) = submit.Wait(2);
            output = text;
            Assert.True(code == 0, output);
        }
        var array = Regex.Match(output, @"array job (\d+)").Groups[1].Value;
        var report = Regex.Match(output, @"report job (\d+)").Groups[1].Value;
        Assert.NotEmpty(array);
        Assert.NotEmpty(report);
        cluster.WaitFor([array, report], minutes: 4);

        var logs = Path.Combine(run.Results("slurm"), "tiny", "slurm");
        var taskLogs = Directory.GetFiles(logs, $"lossbench-tiny-{array}_*.out").Order(StringComparer.Ordinal).ToArray();
        foreach (var file in Directory.GetFiles(logs, "*.out").Order(StringComparer.Ordinal))
            log.WriteLine($"--- {Path.GetFileName(file)}\n{File.ReadAllText(file)}");
        Assert.Equal(2, taskLogs.Length);
        Assert.Contains("shard 1/2", File.ReadAllText(taskLogs[0]));
        Assert.Contains("shard 2/2", File.ReadAllText(taskLogs[1]));
        foreach (var task in taskLogs) Assert.Contains("2 cell(s): 2 ok, 0 diverged, 0 failed", File.ReadAllText(task));
        Assert.Equal(run.ReadReport("sequential", "csv"), run.ReadReport("slurm", "csv"));
        log.WriteLine($"wall time (sequential run, cluster start, submit, both tasks and the report job): {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A slurm: section splits the cells into one array per resource class, each with its resources and only its cells.</summary>
    [Fact]
    public void ASlurmSectionGivesOneArrayPerResourceClass()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, focal]") + "\nslurm:\n  focal: { gpus-per-task: 1, partition: gpu }\n");
        var (code, output, error) = run.Cli("slurm", "submit", run.BenchmarkFile, "--tasks", "4", "--cpus-per-task", "2", "--out", run.Results(), "--dry-run");
        Assert.True(code == 0, output + error);
        var scripts = output.Split("#!/bin/bash");
        Assert.Equal(4, scripts.Length); // what precedes the first, two arrays, the report job
        var focal = Assert.Single(scripts, s => s.Contains("--slurm-class 'focal'"));
        Assert.Contains("#SBATCH --array=0-1\n", focal); // its 2 cells: at most one task each
        Assert.Contains("#SBATCH --gpus-per-task=1", focal);
        Assert.Contains("#SBATCH --partition=gpu", focal);
        var rest = Assert.Single(scripts, s => s.Contains("--slurm-class 'default'"));
        Assert.Contains("#SBATCH --array=0-1\n", rest);
        Assert.DoesNotContain("gpus-per-task", rest);
        Assert.Contains("--cpus-per-task=2", rest);

        // A task of the focal array runs only focal's cells.
        var task = run.RunBenchmark("results", "--slurm-class", "focal", "--shard", "1/2");
        Assert.True(task.Code == 0, task.Output + task.Error);
        Assert.Contains("plan: 1 of 4 cell(s) selected", task.Output);
        Assert.Contains("/ focal / none / seed 0", task.Output);
    }
}
