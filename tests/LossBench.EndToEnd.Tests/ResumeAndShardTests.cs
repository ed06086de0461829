using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>A run killed with SIGKILL resumes to the same tables as an uninterrupted run; shards run apart add up to one run.</summary>
public sealed class ResumeAndShardTests
{
    /// <summary>Enough cells that a kill lands mid-matrix: 4 seeds x 2 losses, 3 epochs each.</summary>
    private static readonly string Yaml = TinyBenchmark.Yaml(seeds: "[0, 1, 2, 3]", epochs: 3);

    /// <summary>The same matrix with 4,000 training images and a wider hidden layer: 375 steps a cell.</summary>
    private static readonly string SlowerYaml = TinyBenchmark.Yaml(seeds: "[0, 1, 2, 3]", epochs: 3, train: 4000, hidden: 256);

    private static string[] ReportFiles(ToolRun run, string results) =>
        new[] { "md", "csv", "json" }.Select(e => run.ReadReport(results, e)).ToArray();

    [Fact]
    public void AKilledRunResumesWithNoPartialFileAndTheSameTables()
    {
        using var run = new ToolRun(Yaml);
        Assert.Equal(0, run.RunBenchmark("whole").Code);

        var cells = Path.Combine(run.Results("killed"), "tiny", "cells");
        using (var process = run.Start("run", run.BenchmarkFile, "--out", run.Results("killed"), "--threads", "1"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!(Directory.Exists(cells) && Directory.GetFiles(cells, "*.json").Length >= 2) && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            Assert.False(process.HasExited, "the run ended before it could be killed: make the matrix larger");
            process.Kill(entireProcessTree: true); // SIGKILL
            process.WaitForExit();
        }
        var written = Directory.GetFiles(cells, "*.json");
        Assert.InRange(written.Length, 2, 7);
        foreach (var file in written) Assert.NotNull(JsonNode.Parse(File.ReadAllText(file))!["status"]);

        var (code, output, error) = run.RunBenchmark("killed");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"({written.Length} from earlier results)", output);
        Assert.Empty(Directory.GetFiles(run.Results("killed"), "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(ReportFiles(run, "whole"), ReportFiles(run, "killed"));
    }

    [SkippableFact]
    public void CtrlCStopsTheRunAndTheRerunFinishes()
    {
        Skip.If(Signals.InterruptIgnored() is not null, Signals.InterruptIgnored());
        // Held by fault injection right after claiming its second cell (the first one written), so the
        // interrupt lands at a known step however fast or loaded the machine is.
        using var run = new ToolRun(SlowerYaml);
        Assert.Equal(0, run.RunBenchmark("whole").Code);

        var cells = Path.Combine(run.Results("interrupted"), "tiny", "cells");
        var hold = Path.Combine(run.Root, "hold");
        Directory.CreateDirectory(hold);
        int exitCode;
        using (var process = new ToolProcess(run, new Dictionary<string, string> { ["LOSSBENCH_HOLD_AFTER_CLAIM"] = hold },
                   "run", run.BenchmarkFile, "--out", run.Results("interrupted"), "--threads", "1"))
        {
            string[] WaitForClaims(int count)
            {
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while (Directory.GetFiles(hold, "*.claimed").Length < count && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
                return Directory.GetFiles(hold, "*.claimed");
            }
            var first = Assert.Single(WaitForClaims(1));
            File.WriteAllText(Path.ChangeExtension(first, ".go"), "");
            Assert.Equal(2, WaitForClaims(2).Length);
            Assert.Single(Directory.GetFiles(cells, "*.json"));
            Signals.Interrupt(process.Id);
            (exitCode, var output) = process.Wait();
            Assert.True(exitCode == 130, output);
        }
        Assert.Equal(130, exitCode);
        foreach (var file in Directory.GetFiles(cells, "*.json")) Assert.NotNull(JsonNode.Parse(File.ReadAllText(file))!["status"]);
        Assert.Empty(Directory.GetFiles(run.Results("interrupted"), "*.tmp", SearchOption.AllDirectories));

        Assert.Equal(0, run.RunBenchmark("interrupted").Code);
        Assert.Equal(ReportFiles(run, "whole"), ReportFiles(run, "interrupted"));
    }

    [Fact]
    public void TwoShardsRunSeparatelyGiveTheReportOfOneRun()
    {
        using var run = new ToolRun(Yaml);
        Assert.Equal(0, run.RunBenchmark("whole").Code);

        var first = run.RunBenchmark("sharded", "--shard", "1/2");
        var second = run.RunBenchmark("sharded", "--shard", "2/2");
        Assert.Equal(0, first.Code);
        Assert.Equal(0, second.Code);
        Assert.Contains("4 cell(s): 4 ok", first.Output);
        Assert.Contains("4 cell(s): 4 ok", second.Output);

        var (code, _, error) = run.Cli("report", Path.Combine(run.Results("sharded"), "tiny"));
        Assert.True(code == 0, error);
        Assert.Equal(ReportFiles(run, "whole"), ReportFiles(run, "sharded"));
    }
}
