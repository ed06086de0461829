using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LossBench.Torch;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// `plan` before and after a run, `run` skipping finished cells and `--force` redoing them, the
/// environment every cell records, and evaluations cached by their configuration.
/// </summary>
public sealed partial class PlanForceAndCachingTests
{
    private static string CellsDirectory(ToolRun run) => Path.Combine(run.Results(), run.BenchmarkName, "cells");

    private static Dictionary<string, JsonObject> Cells(ToolRun run) =>
        Directory.GetFiles(CellsDirectory(run), "*.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToDictionary(c => (string)c["id"]!);

    /// <summary>The plan's cell lines: "  &lt;id&gt;  &lt;state&gt;  &lt;label&gt;".</summary>
    private static (string Id, string State)[] PlannedCells(string output) =>
        CellLine().Matches(output).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToArray();

    [Fact]
    public void PlanCountsTheProductOfTheAxesLessTheExcludedAndTellsWhatIsDone()
    {
        // 2 losses x 2 augmentations x 2 seeds = 8 cells, less gce with flip (one per seed) = 6.
        // Each trains 320 / 32 = 10 steps for 1 epoch: 60 steps in all.
        var yaml = TinyBenchmark.Yaml(losses: "[cross-entropy, gce]", evaluations: "[clean]")
            .Replace("augmentations: [none]", "augmentations: [none, flip]", StringComparison.Ordinal) + "\nexclude:\n  - { loss: gce, augmentation: flip }\n";
        using var run = new ToolRun(yaml);

        var (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var planned = PlannedCells(output);
        Assert.Equal(6, planned.Length);
        Assert.Equal(6, planned.Select(c => c.Id).Distinct().Count());
        Assert.All(planned, c => Assert.Equal("train", c.State));
        Assert.Contains(": 6 cell(s), results in", output);
        Assert.Contains("0 done, 0 to evaluate, 6 to train: 60 optimizer steps of batch 32", output);
        Assert.DoesNotContain("by earlier timings", output);
        Assert.DoesNotContain("gce / flip", output);

        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal(6, Cells(run).Count);

        (code, output, _) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.Equal(0, code);
        Assert.All(PlannedCells(output), c => Assert.Equal("done", c.State));
        Assert.Equal(planned.Select(c => c.Id).Order(), PlannedCells(output).Select(c => c.Id).Order());
        Assert.Contains("6 done, 0 to evaluate, 0 to train: 0 optimizer steps of batch 32", output);

        // A third seed adds 3 cells to train (30 steps), timed by the finished cells of the same data set and model.
        File.WriteAllText(run.BenchmarkFile, yaml.Replace("seeds: [0, 1]", "seeds: [0, 1, 2]", StringComparison.Ordinal));
        (code, output, _) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.Equal(0, code);
        Assert.Equal(9, PlannedCells(output).Length);
        Assert.True(CostLine().IsMatch(output), output);
        Assert.Contains("6 done, 0 to evaluate, 3 to train: 30 optimizer steps of batch 32", output);
    }

    [Fact]
    public void ARerunRewritesNoCellAndForceRewritesEveryOneWithTheSameResults()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]"));
        Assert.Equal(0, run.RunBenchmark().Code);
        var files = Directory.GetFiles(CellsDirectory(run), "*.json").Order().ToArray();
        Assert.Equal(2, files.Length);
        var weights = Directory.GetFiles(Path.Combine(run.Results(), run.BenchmarkName, "weights"), "*.safetensors").Order().ToArray();
        Assert.Equal(2, weights.Length);
        // Back-date the files, so that any rewrite shows in the write time whatever the clock's resolution.
        var past = DateTime.UtcNow.AddHours(-1);
        foreach (var file in files.Concat(weights)) File.SetLastWriteTimeUtc(file, past);
        var texts = files.Select(File.ReadAllText).ToArray();
        var weightBytes = weights.Select(File.ReadAllBytes).ToArray();

        var (code, output, _) = run.RunBenchmark();
        Assert.Equal(0, code);
        Assert.Contains("(2 from earlier results)", output);
        Assert.All(files.Concat(weights), f => Assert.Equal(past, File.GetLastWriteTimeUtc(f)));
        Assert.Equal(texts, files.Select(File.ReadAllText));

        (code, output, _) = run.RunBenchmark(extra: "--force");
        Assert.Equal(0, code);
        Assert.Contains("(0 from earlier results)", output);
        Assert.All(files.Concat(weights), f => Assert.True(File.GetLastWriteTimeUtc(f) > past, $"{f} was not rewritten"));
        // Same seed, same thread count, on the CPU: bit-identical training, so the same weights and metrics; only timings differ.
        for (var i = 0; i < weights.Length; i++) Assert.Equal(weightBytes[i], File.ReadAllBytes(weights[i]));
        for (var i = 0; i < files.Length; i++)
        {
            var before = JsonNode.Parse(texts[i])!.AsObject();
            var after = JsonNode.Parse(File.ReadAllText(files[i]))!.AsObject();
            Assert.Equal(before["evaluations"]!["clean"]!["metrics"]!.ToJsonString(), after["evaluations"]!["clean"]!["metrics"]!.ToJsonString());
            Assert.Equal((long)before["training"]!["steps"]!, (long)after["training"]!["steps"]!);
            Assert.Equal(before["config"]!.ToJsonString(), after["config"]!.ToJsonString());
        }
    }

    [Fact]
    public void EachCellRecordsTheEnvironmentItRanIn()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]"));
        Assert.Equal(0, run.RunBenchmark().Code);

        var environment = Cells(run).Values.Single()["environment"]!.AsObject();
        Assert.StartsWith("lossbench 0.1.0", (string)environment["tool"]!);
        // libtorch's version as its build settings state it (TORCH_VERSION=...), and its build configuration.
        var configured = TorchVersionSetting().Match(torch.build_config);
        Assert.True(configured.Success, torch.build_config);
        Assert.StartsWith(configured.Groups[1].Value + " ", (string)environment["libtorch"]!);
        Assert.StartsWith(torch.version, (string)environment["libtorch"]!);
        var build = (string)environment["libtorch-build"]!;
        Assert.Contains("PyTorch built with:", build);
        Assert.Contains("USE_OPENMP=", build);
        Assert.Equal(".NET " + Environment.Version, (string)environment["dotnet"]!);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.OSDescription, (string)environment["os"]!);
        var cpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        if (cpuModel is not null) Assert.StartsWith(cpuModel.Split(':', 2)[1].Trim(), (string)environment["cpu"]!);
        Assert.EndsWith($"({Environment.ProcessorCount} logical)", (string)environment["cpu"]!);
        // The run was given --threads 1 (and the benchmark says threads: 1).
        Assert.Equal(1, (int)environment["threads"]!);
        Assert.Equal("cpu", (string)environment["device"]!);
    }

    [Fact]
    public void AnEvaluationIsReusedWhileItsConfigurationIsUnchangedAndRedoneWhenItChanges()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]"));
        Assert.Equal(0, run.RunBenchmark().Code);
        var file = Directory.GetFiles(CellsDirectory(run), "*.json").Single();
        var clean = JsonNode.Parse(File.ReadAllText(file))!["evaluations"]!["clean"]!.ToJsonString();

        // A second evaluation: clean keeps its record, seconds included (a recomputation would time itself anew).
        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]", evaluations: "[clean, { clean: { bins: 5 } }]"));
        var (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var cell = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(clean, cell["evaluations"]!["clean"]!.ToJsonString());
        Assert.NotNull(cell["evaluations"]!["clean(bins=5)"]);

        // The record's configuration no longer matches (as after a change of the plugin's options or version): it is evaluated again.
        var stale = cell.AsObject();
        var hash = (string)stale["evaluations"]!["clean"]!["config-hash"]!;
        stale["evaluations"]!["clean"]!["config-hash"] = "0000";
        stale["evaluations"]!["clean"]!["seconds"] = -1.0;
        var binsFive = stale["evaluations"]!["clean(bins=5)"]!.ToJsonString();
        File.WriteAllText(file, stale.ToJsonString());
        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("(0 from earlier results)", output);
        var redone = JsonNode.Parse(File.ReadAllText(file))!["evaluations"]!;
        Assert.Equal(hash, (string)redone["clean"]!["config-hash"]!);
        Assert.True((double)redone["clean"]!["seconds"]! >= 0);
        // Same weights, same evaluation: the same metrics; the unchanged evaluation is kept as it was.
        Assert.Equal(JsonNode.Parse(clean)!["metrics"]!.ToJsonString(), redone["clean"]!["metrics"]!.ToJsonString());
        Assert.Equal(binsFive, redone["clean(bins=5)"]!.ToJsonString());
    }

    [GeneratedRegex(@"^  ([0-9a-f]{6,})  (done|evaluate|train)\s", RegexOptions.Multiline)]
    private static partial Regex CellLine();

    [GeneratedRegex(@"optimizer steps of batch 32, about ([0-9]+) s by earlier timings")]
    private static partial Regex CostLine();

    [GeneratedRegex(@"TORCH_VERSION=([0-9.]+)")]
    private static partial Regex TorchVersionSetting();
}
