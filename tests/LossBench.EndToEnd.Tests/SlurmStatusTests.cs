using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.EndToEnd.Tests;

/// <summary>`lossbench slurm status`: cells done, running (from their claim files), failed and left, read from the results folder alone.</summary>
public sealed class SlurmStatusTests
{
    [Fact]
    public void StatusCountsDoneRunningAndLeftCellsAndNamesTheClaimHolder()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark("results", "--shard", "1/2").Code);
        var results = Path.Combine(run.Results(), "tiny");
        var store = new ResultStore(results);
        var done = Directory.GetFiles(store.CellsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var notDone = store.ReadBenchmark().CellIds.Where(id => !done.Contains(id)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, notDone.Length);
        // Another host is computing one of them (its claim refreshed just now).
        Directory.CreateDirectory(Path.Combine(results, "claims"));
        File.WriteAllText(Path.Combine(results, "claims", notDone[0] + CellClaims.Extension),
            JsonSerializer.Serialize(new CellClaim("node-7", 31337, DateTime.UtcNow, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "t", "test"), ResultJson.Options));

        var (code, output, error) = run.Cli("slurm", "status", results);
        Assert.True(code == 0, output + error);
        Assert.Contains("4 cell(s): 2 done, 1 running, 0 failed, 1 left", output);
        Assert.Contains($"running {notDone[0]}: node-7 pid 31337 since 2026-01-02 03:04:05Z", output);
    }
}
