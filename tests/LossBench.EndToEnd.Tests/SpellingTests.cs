using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Equivalent spellings of a benchmark (defaults written out, keys in another order, 1 or 1.0) are
/// one benchmark: the same cell ids and bit-identical weights and metrics, so results written by
/// one are rightly reused by the other. Results of an earlier format are rerun, never mixed in.
/// </summary>
public sealed class SpellingTests
{
    private const string Plain = """
        name: spelled
        seeds: [0]
        device: cpu
        threads: 1
        datasets:
          - mnist-10k: { train: 320, test: 200 }
        models:
          - mlp
        losses:
          - cross-entropy: { label-smoothing: 0.1 }
          - combo: { terms: [ { focal: { gamma: 2 } }, { dice: {} } ] }
        augmentations: [flip]
        training:
          epochs: 1
          batch-size: 32
          optimizer: { sgd: { lr: 0.1, momentum: 0.9 } }
        evaluations: [clean]
        """;

    /// <summary>The same benchmark with every axis spelled differently.</summary>
    private const string Spelled = """
        name: spelled
        seeds: [0]
        device: cpu
        threads: 1
        datasets:
          - mnist-10k: { split-seed: 0, test: 200, train: 320 }
        models:
          - mlp: { hidden: [256, 256] }
        losses:
          - cross-entropy: { label-smoothing: 1.0e-1 }
          - combo: { terms: [ { weight: 1.0, focal: { alpha: [], gamma: 2.0 } }, { dice: {}, weight: 1 } ] }
        augmentations: [{ flip: { p: 0.50 } }]
        training:
          epochs: 1
          batch-size: 32
          optimizer: { sgd: { lr: 0.1, momentum: 0.9 } }
        evaluations: [{ clean: { bins: 15, split: test } }]
        """;

    private static Dictionary<string, JsonObject> Cells(string results) =>
        Directory.GetFiles(Path.Combine(results, "spelled", "cells"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

    private static Dictionary<string, double> Metrics(JsonObject cell) =>
        cell["evaluations"]!.AsObject().SelectMany(e => e.Value!["metrics"]!.AsObject().Select(m => (m.Key, (double)m.Value!)))
            .ToDictionary(m => m.Key, m => m.Item2);

    [Fact]
    public void Equivalent_spellings_train_to_the_same_ids_weights_and_metrics()
    {
        using var plain = new ToolRun(Plain);
        using var spelled = new ToolRun(Spelled);
        var first = plain.RunBenchmark();
        Assert.True(first.Code == 0, first.Output + first.Error);
        var second = spelled.RunBenchmark();
        Assert.True(second.Code == 0, second.Output + second.Error);

        var (a, b) = (Cells(plain.Results()), Cells(spelled.Results()));
        Assert.Equal(2, a.Count);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var id in a.Keys)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(plain.Results(), "spelled", "weights", id + ".safetensors")),
                File.ReadAllBytes(Path.Combine(spelled.Results(), "spelled", "weights", id + ".safetensors")));
            Assert.Equal(Metrics(a[id]).Values, Metrics(b[id]).Values);
            var (epochsA, epochsB) = (a[id]["training"]!["epochs"]!.AsArray(), b[id]["training"]!["epochs"]!.AsArray());
            Assert.Equal(epochsA.Select(e => ((double)e!["train-loss"]!, (double)e["test-accuracy"]!)), epochsB.Select(e => ((double)e!["train-loss"]!, (double)e["test-accuracy"]!)));
        }

        // The spelled benchmark run into the plain one's results trains and evaluates nothing: its cells are the
        // same cells, and its evaluation the same evaluation under another label (the record is relabelled).
        var weights = Directory.GetFiles(Path.Combine(plain.Results(), "spelled", "weights")).ToDictionary(f => f, File.ReadAllBytes);
        var reused = spelled.Cli("run", spelled.BenchmarkFile, "--out", plain.Results(), "--threads", "1");
        Assert.Equal(0, reused.Code);
        Assert.DoesNotContain("epoch", reused.Output);
        var relabelled = Cells(plain.Results());
        foreach (var id in a.Keys)
        {
            Assert.Equal(a[id]["training"]!.ToJsonString(), relabelled[id]["training"]!.ToJsonString());
            Assert.Equal(a[id]["evaluations"]!["clean"]!.ToJsonString(), relabelled[id]["evaluations"]!["clean(bins=15,split=test)"]!.ToJsonString());
        }
        Assert.All(weights, w => Assert.Equal(w.Value, File.ReadAllBytes(w.Key)));
        // Run back under the first spelling: now every cell is complete as it stands.
        Assert.Contains("(2 from earlier results)", spelled.Cli("run", spelled.BenchmarkFile, "--out", plain.Results(), "--threads", "1").Output);
    }

    [Fact]
    public void A_result_of_an_earlier_format_is_rerun_with_a_message()
    {
        using var run = new ToolRun(Plain);
        Assert.Equal(0, run.RunBenchmark().Code);
        var file = Directory.GetFiles(Path.Combine(run.Results(), "spelled", "cells"), "*.json").Order().First();
        var cell = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var accuracy = Metrics(cell)["accuracy"];
        // As an earlier LossBench wrote it: no format version, and numbers a fresh run would not give.
        cell.Remove("format-version");
        cell["evaluations"]!["clean"]!["metrics"]!["accuracy"] = 0.123;
        File.WriteAllText(file, cell.ToJsonString());

        var (code, output, _) = run.RunBenchmark();
        Assert.Equal(0, code);
        Assert.Contains("its stored result was written in results format 0 (this LossBench writes 2); rerunning it", output);
        Assert.Contains("(1 from earlier results)", output);
        var rerun = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal(2, (int)rerun["format-version"]!);
        Assert.Equal(accuracy, Metrics(rerun)["accuracy"]);
    }
}
