using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// `run --jobs N` (worker processes) and concurrent runs into one results folder: the same numbers
/// as a sequential run, bit for bit; a killed worker fails only its cell; no cell computed twice.
/// </summary>
public sealed class ParallelWorkersTests
{
    /// <summary>4 cells: 2 seeds x 2 losses.</summary>
    private static readonly string Yaml = TinyBenchmark.Yaml();

    private static string Cells(ToolRun run, string results) => Path.Combine(run.Results(results), "tiny", "cells");

    /// <summary>Per cell id: the whole stored record (status, weights hash, every metric and curve at full precision, environment) less its timings.</summary>
    private static SortedDictionary<string, string> Numbers(ToolRun run, string results) => new(
        Directory.GetFiles(Cells(run, results), "*.json").ToDictionary(
            file => Path.GetFileNameWithoutExtension(file)!,
            file => WithoutTimings(JsonNode.Parse(File.ReadAllText(file))!).ToJsonString()), StringComparer.Ordinal);

    /// <summary>Removes every "seconds" (wall time of a step of the work), the one thing that differs between two runs of a cell.</summary>
    private static JsonNode WithoutTimings(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            obj.Remove("seconds");
            foreach (var (_, child) in obj.ToArray()) if (child is not null) WithoutTimings(child);
        }
        else if (node is JsonArray array)
            foreach (var child in array) if (child is not null) WithoutTimings(child);
        return node;
    }

    [Fact]
    public void TwoWorkersGiveTheSequentialRunsNumbersBitForBit()
    {
        using var run = new ToolRun(Yaml);
        var sequential = run.RunBenchmark("sequential");
        Assert.True(sequential.Code == 0, sequential.Output + sequential.Error);
        var parallel = run.RunBenchmark("parallel", "--jobs", "2");
        Assert.True(parallel.Code == 0, parallel.Output + parallel.Error);

        // Both workers took cells, each on its own process.
        Assert.Contains("worker 1 (pid ", parallel.Output);
        Assert.Contains("worker 2 (pid ", parallel.Output);
        Assert.Equal(4, Regex.Matches(parallel.Output, @"\] ok in ").Count);
        Assert.Equal(Numbers(run, "sequential"), Numbers(run, "parallel"));
        Assert.Equal(run.ReadReport("sequential", "csv"), run.ReadReport("parallel", "csv"));
        Assert.Empty(Directory.GetFiles(Path.Combine(run.Results("parallel"), "tiny", "claims")));
    }

    [Fact]
    public void AWorkerKilledMidMatrixFailsOnlyItsCellAndARerunRetriesIt()
    {
        using var run = new ToolRun(Yaml);
        Assert.Equal(0, run.RunBenchmark("sequential").Code);
        var victim = Numbers(run, "sequential").Keys.ElementAt(1);

        using (var killed = new ToolProcess(run, new Dictionary<string, string> { ["LOSSBENCH_FAULT_KILL_WORKER_AT"] = victim },
                   "run", run.BenchmarkFile, "--out", run.Results("parallel"), "--threads", "1", "--jobs", "2"))
        {
            var (code, output) = killed.Wait();
            Assert.True(code == 1, output);
            Assert.Contains("4 cell(s): 3 ok, 0 diverged, 1 failed", output);
        }
        var failed = JsonNode.Parse(File.ReadAllText(Path.Combine(Cells(run, "parallel"), victim + ".json")))!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Contains("was killed by signal 9", failed["message"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(Path.Combine(run.Results("parallel"), "tiny", "claims")));

        var rerun = run.RunBenchmark("parallel", "--jobs", "2");
        Assert.True(rerun.Code == 0, rerun.Output + rerun.Error);
        Assert.Contains("(3 from earlier results)", rerun.Output);
        Assert.Equal(Numbers(run, "sequential"), Numbers(run, "parallel"));
        Assert.Equal(run.ReadReport("sequential", "csv"), run.ReadReport("parallel", "csv"));
    }

    /// <summary>
    /// Run A claims its first cell and is held there (fault injection); run B, into the same folder,
    /// leaves that cell to A and computes the other three; A, let go, computes its cell and finds
    /// the rest done. Four cells, each computed once.
    /// </summary>
    [Fact]
    public void TwoRunsIntoOneFolderComputeEachCellOnce()
    {
        using var run = new ToolRun(Yaml);
        var hold = Path.Combine(run.Root, "hold");
        Directory.CreateDirectory(hold);
        using var first = new ToolProcess(run, new Dictionary<string, string> { ["LOSSBENCH_HOLD_AFTER_CLAIM"] = hold },
            "run", run.BenchmarkFile, "--out", run.Results(), "--threads", "1");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (Directory.GetFiles(hold, "*.claimed").Length == 0 && !first.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
        var claimed = Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(hold, "*.claimed")));

        var second = run.RunBenchmark();
        Assert.True(second.Code == 0, second.Output + second.Error);
        Assert.Contains($"left to {Environment.MachineName} pid {first.Id}", second.Output);
        Assert.Contains("1 left to other processes", second.Output);
        Assert.Equal(3, Regex.Matches(second.Output, @"\] ok in ").Count);
        Assert.False(File.Exists(Path.Combine(Cells(run, "results"), claimed + ".json")));

        File.WriteAllText(Path.Combine(hold, claimed + ".go"), "");
        var (code, output) = first.Wait();
        Assert.True(code == 0, output);
        Assert.Single(Regex.Matches(output, @"\] ok in "));
        Assert.Contains("4 cell(s): 4 ok, 0 diverged, 0 failed (3 from earlier results)", output);
        Assert.Equal(4, Directory.GetFiles(Cells(run, "results"), "*.json").Length);
    }

    /// <summary>
    /// SIGINT to a run with workers (held, by fault injection, right after claiming its second cell
    /// while a worker has the first): exit 130, every worker stopped, no claim or half-written file
    /// left, and a rerun completes with the sequential run's numbers.
    /// Reported as skipped, with the reason, where SIGINT is ignored by the test process (and so by the tool).
    /// </summary>
    [SkippableFact]
    public void CtrlCStopsTheWorkersAndARerunResumes()
    {
        Skip.If(Signals.InterruptIgnored() is not null, Signals.InterruptIgnored());
        using var run = new ToolRun(Yaml);
        Assert.Equal(0, run.RunBenchmark("sequential").Code);
        var hold = Path.Combine(run.Root, "hold");
        Directory.CreateDirectory(hold);
        using (var interrupted = new ToolProcess(run, new Dictionary<string, string> { ["LOSSBENCH_HOLD_AFTER_CLAIM"] = hold },
                   "run", run.BenchmarkFile, "--out", run.Results("parallel"), "--threads", "1", "--jobs", "2"))
        {
            string[] WaitForClaims(int count)
            {
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while (Directory.GetFiles(hold, "*.claimed").Length < count && !interrupted.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
                return Directory.GetFiles(hold, "*.claimed");
            }
            var first = Assert.Single(WaitForClaims(1));
            File.WriteAllText(Path.ChangeExtension(first, ".go"), "");
            Assert.Equal(2, WaitForClaims(2).Length);
            Signals.Interrupt(interrupted.Id);
            var (code, output) = interrupted.Wait();
            Assert.True(code == 130, output);
        }
        var results = Path.Combine(run.Results("parallel"), "tiny");
        Assert.Empty(Directory.GetFiles(Path.Combine(results, "claims")));
        Assert.Empty(Directory.GetFiles(results, "*.tmp", SearchOption.AllDirectories));
        Assert.InRange(Directory.Exists(Cells(run, "parallel")) ? Directory.GetFiles(Cells(run, "parallel"), "*.json").Length : 0, 0, 1);

        var rerun = run.RunBenchmark("parallel", "--jobs", "2");
        Assert.True(rerun.Code == 0, rerun.Output + rerun.Error);
        Assert.Equal(Numbers(run, "sequential"), Numbers(run, "parallel"));
    }
}
