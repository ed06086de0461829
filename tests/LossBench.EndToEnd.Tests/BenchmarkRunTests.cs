using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>The real tool on the tiny matrix: tables against snapshots, caching, and failures that stay in their cell.</summary>
public sealed class BenchmarkRunTests
{
    private static JsonObject[] Cells(ToolRun run, string results = "results") =>
        Directory.GetFiles(Path.Combine(run.Results(results), run.BenchmarkName, "cells"), "*.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToArray();

    [SkippableFact]
    public void TheTinyMatrixGivesTheVerifiedTables()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "portable mode needs a CPU with AVX2");
        using var run = new ToolRun(TinyBenchmark.Yaml());

        // Portable kernels (a process of its own: they are chosen before libtorch loads), so the
        // snapshot's last digits do not depend on the machine's CPU.
        var (code, output, error) = run.CliProcess("run", run.BenchmarkFile, "--out", run.Results(), "--threads", "1", "--portable");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var cells = Cells(run);
        Assert.Equal(4, cells.Length);
        Assert.All(cells, c => Assert.Equal("ok", (string?)c["status"]));
        Snapshot.Verify(run.ReadReport("results", "md"), "report", "md");
        Snapshot.Verify(run.ReadReport("results", "csv"), "report", "csv");
        Snapshot.Verify(ReportJson.Rounded(run.ReadReport("results", "json")), "report", "json");
        // The report printed at the end of the run is the one written.
        Assert.Contains(run.ReadReport("results", "md").Trim(), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AMissingPredictionsFileOnlySkipsTheBootstrapOfTheReport()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark().Code);
        var folder = Path.Combine(run.Results(), run.BenchmarkName);
        Assert.Contains("\"boot-p\"", run.ReadReport("results", "json"));
        var timer = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, run.Cli("report", folder).Code);
        Console.WriteLine($"report of the tiny run with the bootstrap: {timer.Elapsed.TotalSeconds:F2} s");

        var predictions = Directory.GetFiles(Path.Combine(folder, "predictions"), "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        File.Delete(predictions[0]);
        var (code, output, error) = run.Cli("report", folder);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("no bootstrap for cells paired with " + Path.GetFileNameWithoutExtension(predictions[0]), output + error);
        var json = run.ReadReport("results", "json");
        Assert.DoesNotContain("\"boot-p\"", json);
        // The t-based fields are still there.
        Assert.Contains("\"adjusted-p\"", json);
    }

    [Fact]
    public void ReportFromTheStoredResultsAloneIsByteForByteTheRunsReport()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark().Code);
        var folder = Path.Combine(run.Results(), run.BenchmarkName);
        string[] formats = ["md", "csv", "json"];
        var written = formats.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, "report." + f)));
        Assert.Contains("\"boot-p\"", System.Text.Encoding.UTF8.GetString(written["json"]));

        // Only what the results folder stores: moved elsewhere, without the benchmark file, the reports or the weights.
        var moved = run.Results("moved");
        Directory.Move(folder, moved);
        File.Delete(run.BenchmarkFile);
        foreach (var format in formats) File.Delete(Path.Combine(moved, "report." + format));
        Directory.Delete(Path.Combine(moved, "weights"), recursive: true);
        var (code, output, error) = run.Cli("report", moved);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        foreach (var format in formats)
            Assert.True(written[format].AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(moved, "report." + format))), $"report.{format} differs");
    }

    [Fact]
    public void ARerunReusesEveryCellAndAddingAnEvaluationDoesNotRetrain()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark().Code);
        var before = Cells(run).ToDictionary(c => (string)c["id"]!, c => c["training"]!.ToJsonString());
        var report = run.ReadReport("results", "md");

        var (code, output, _) = run.RunBenchmark();
        Assert.Equal(0, code);
        Assert.Contains("(4 from earlier results)", output);
        Assert.Equal(report, run.ReadReport("results", "md"));

        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(evaluations: "[clean, { clean: { bins: 5 } }]"));
        (code, output, _) = run.RunBenchmark();
        Assert.Equal(0, code);
        var after = Cells(run);
        Assert.Equal(before.Keys.Order(), after.Select(c => (string)c["id"]!).Order());
        foreach (var cell in after)
        {
            // Same training record (same seconds, same curves): the weights were loaded, not retrained.
            Assert.Equal(before[(string)cell["id"]!], cell["training"]!.ToJsonString());
            Assert.NotNull(cell["evaluations"]!["clean(bins=5)"]);
        }
    }

    [Fact]
    public void APluginThatThrowsFailsItsCellsAndTheOthersComplete()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, { faulty: { throw-at-step: 2 } }]"));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var cells = Cells(run);
        Assert.Equal(4, cells.Length);
        var faulty = cells.Where(c => ((string)c["loss"]!).StartsWith("faulty", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, faulty.Length);
        Assert.All(faulty, c =>
        {
            Assert.Equal("failed", (string?)c["status"]);
            Assert.Contains("faulty loss asked to fail at step 2", (string?)c["message"]);
        });
        Assert.All(cells.Except(faulty), c => Assert.Equal("ok", (string?)c["status"]));
        Assert.Contains("2 ok, 0 diverged, 2 failed", output);
        Assert.True(File.Exists(Path.Combine(run.Results(), "tiny", "report.md")));
    }

    [Fact]
    public void ANaNLossMarksTheCellDivergedWithItsStep()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, { faulty: { nan-at-step: 3 } }]", seeds: "[0]"));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var diverged = Assert.Single(Cells(run), c => (string?)c["status"] == "diverged");
        Assert.Equal(3, (long)diverged["diverged-at-step"]!);
        Assert.Contains("step 3", (string?)diverged["message"]);
    }

    [Fact]
    public void DebiasingLossesTrainAgainstAShallowBiasModelAndConfRegAgainstTheCrossEntropyTeacher()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(
            losses: "[cross-entropy, { debiased-focal: { bias-examples: 64, bias-epochs: 1 } }, { product-of-experts: { bias-examples: 64, bias-epochs: 1 } }, { conf-reg: { bias-examples: 64, bias-epochs: 1 } }]",
            seeds: "[0]"));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var cells = Cells(run);
        Assert.Equal(4, cells.Length);
        Assert.All(cells, c => Assert.Equal("ok", (string?)c["status"]));
        // conf-reg's teacher is the cross-entropy cell of the same seed: its cached weights, not a second training.
        var crossEntropy = cells.Single(c => (string?)c["loss"] == "cross-entropy");
        Assert.Single(Directory.GetFiles(Path.Combine(run.Results(), "tiny", "weights"), (string)crossEntropy["id"]! + ".safetensors"));
    }

    [Fact]
    public void AHardLabelLossWithMixupIsRefusedAtPlanTimeAndTheRestRuns()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, gce]", seeds: "[0]").Replace("augmentations: [none]", "augmentations: [none, mixup]", StringComparison.Ordinal));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("refused mnist-10k(train=320,test=200) / mlp(hidden=[32]) / gce / mixup / seed 0: the loss gce needs hard labels, and the augmentation mixup mixes targets", output);
        Assert.Equal(3, Cells(run).Length);
    }

    [Fact]
    public void BadBenchmarkFilesAreRefusedWithWhereAndWhy()
    {
        using var malformed = new ToolRun("name: tiny\nseeds: [0, 1\nmodels: [mlp]\n");
        var (code, _, error) = malformed.RunBenchmark();
        Assert.Equal(2, code);
        Assert.Contains(malformed.BenchmarkFile + ":3:", error);
        // Line 3 column 1 is "models", the key read inside the '[' that "seeds: " opens at line 2, column 8.
        Assert.Contains(malformed.BenchmarkFile + ":3:1: ", error);
        Assert.Contains("the '[' at line 2, column 8", error);

        using var typo = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropi]"));
        (code, _, error) = typo.RunBenchmark();
        Assert.Equal(2, code);
        Assert.Contains("losses[0]", error);
        Assert.Contains("did you mean 'cross-entropy'?", error);

        using var wrongType = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, { cross-entropy: { label-smoothing: lots } }]"));
        (code, _, error) = wrongType.RunBenchmark();
        Assert.Equal(2, code);
        Assert.Contains("losses[1].cross-entropy.label-smoothing: expected number, got 'lots'", error);
    }
}
