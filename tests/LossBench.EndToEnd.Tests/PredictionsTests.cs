using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LossBench.Host.Results;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Every cell stores the per-example outcomes of its evaluations in predictions/&lt;id&gt;.safetensors,
/// with the file's SHA-256 in its record: the outcomes agree with the metrics, a rerun that reuses
/// the cells leaves the files as they were, an added evaluation keeps the stored outcomes of the
/// others, and a flipped byte is caught by the reader (and quarantined by run).
/// </summary>
public sealed class PredictionsTests
{
    private const string Evaluations = "[clean, { fgsm: { epsilons: [0.1], examples: 40 } }]";
    private const string Fgsm = "fgsm(epsilons=[0.1],examples=40)";

    private static ResultStore Store(ToolRun run, string results) => new(Path.Combine(run.Results(results), run.BenchmarkName));

    private static Dictionary<string, JsonObject> Cells(ResultStore store) =>
        Directory.GetFiles(store.CellsDirectory, "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

    private static Dictionary<string, byte[]> Files(ResultStore store) =>
        Directory.GetFiles(store.PredictionsDirectory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void ARunStoresVerifiedPredictionsThatAgreeWithTheMetricsAndAReuseKeepsThem()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(evaluations: Evaluations));
        var (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var store = Store(run, "results");
        var cells = Cells(store);
        Assert.Equal(4, cells.Count);
        foreach (var (id, cell) in cells)
        {
            // The record names the file and holds the SHA-256 of its bytes (hashed here independently).
            var predictions = cell["predictions"]!.AsObject();
            Assert.Equal($"predictions/{id}.safetensors", (string)predictions["file"]!);
            var bytes = File.ReadAllBytes(Path.Combine(store.Directory, "predictions", id + ".safetensors"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string)predictions["sha256"]!);
            Assert.True(bytes.Length < 20_000, $"{id}: {bytes.Length} bytes for 200 + 40 examples");
            Assert.Equal(["accuracy"], cell["evaluations"]!["clean"]!["examples"]!.AsArray().Select(n => (string)n!));

            var stored = PredictionStore.Read(store, id);
            Assert.Equal(["clean", Fgsm], stored.Evaluations.Keys);
            var clean = stored.Get("clean", "accuracy")!;
            Assert.Equal(Enumerable.Range(0, 200), clean.Index);
            Assert.Equal((double)cell["evaluations"]!["clean"]!["metrics"]!["accuracy"]!, clean.Correct.Count(c => c) / 200.0, 12);
            Assert.All(clean.LabelProbability, p => Assert.InRange(p, 0f, 1f));
            var attacked = stored.Get(Fgsm, "accuracy@eps=0.1")!;
            Assert.Equal(40, attacked.Count);
            Assert.Equal((double)cell["evaluations"]![Fgsm]!["metrics"]!["accuracy@eps=0.1"]!, attacked.Correct.Count(c => c) / 40.0, 12);
        }

        // A rerun reuses every cell: the predictions files are byte-identical.
        var before = Files(store);
        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal(before.Keys.Order(), Files(store).Keys.Order());
        foreach (var (name, bytes) in Files(store)) Assert.True(before[name].AsSpan().SequenceEqual(bytes), $"{name} changed on a rerun that reused its cell");

        // An added evaluation: the stored outcomes of clean and fgsm are kept as they were, the new one is added.
        var cleanBefore = cells.Keys.ToDictionary(id => id, id => PredictionStore.Read(store, id).Get("clean", "accuracy")!);
        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(evaluations: "[clean, { fgsm: { epsilons: [0.1], examples: 40 } }, { clean: { bins: 5 } }]"));
        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        foreach (var id in cells.Keys)
        {
            var stored = PredictionStore.Read(store, id);
            Assert.Equal(["clean", "clean(bins=5)", Fgsm], stored.Evaluations.Keys);
            var clean = stored.Get("clean", "accuracy")!;
            Assert.Equal(cleanBefore[id].Predicted, clean.Predicted);
            Assert.Equal(cleanBefore[id].LabelProbability, clean.LabelProbability);
            Assert.Equal(cleanBefore[id].Correct, clean.Correct);
            // The same model and split: the new evaluation's outcomes are the same examples' outcomes.
            Assert.Equal(clean.Predicted, stored.Get("clean(bins=5)", "accuracy")!.Predicted);
        }
    }

    [Fact]
    public void AFlippedByteIsCaughtByTheReaderAndQuarantinedByRun()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(evaluations: "[clean]", seeds: "[0]", losses: "[cross-entropy]"));
        var (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var store = Store(run, "results");
        var id = Assert.Single(Cells(store).Keys);
        var path = store.PredictionsPath(id);
        var original = File.ReadAllBytes(path);
        var good = PredictionStore.Read(store, id).Get("clean", "accuracy")!;

        // One bit of one p(label) near the end of the file: still a well-formed safetensors file, so only the hash can tell.
        var flipped = (byte[])original.Clone();
        flipped[^1000] ^= 0x01; // tensors in name order: .../label-probability, then the 800 bytes of .../predicted
        File.WriteAllBytes(path, flipped);
        var problem = Assert.Throws<InvalidDataException>(() => PredictionStore.Read(store, id));
        Assert.Contains($"predictions/{id}.safetensors: its SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(flipped))}", problem.Message);

        // A missing file is named too.
        File.Delete(path);
        Assert.Throws<FileNotFoundException>(() => PredictionStore.Read(store, id));

        // run, when it would reuse the outcomes (an evaluation added), quarantines the damaged file and computes clean again, to the same outcomes.
        File.WriteAllBytes(path, flipped);
        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(evaluations: "[clean, { clean: { bins: 5 } }]", seeds: "[0]", losses: "[cross-entropy]"));
        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined predictions/{id}.safetensors: its SHA-256 is", output);
        Assert.True(File.ReadAllBytes(Path.Combine(store.QuarantineDirectory, id + ".safetensors")).AsSpan().SequenceEqual(flipped));
        var again = PredictionStore.Read(store, id).Get("clean", "accuracy")!;
        Assert.Equal(good.Predicted, again.Predicted);
        Assert.Equal(good.LabelProbability, again.LabelProbability);
        Assert.Equal(good.Correct, again.Correct);
    }
}
