using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Cell records and cached weights are verified before use: a record copied over another cell's
/// file, a stray file among the records, weights of another cell or with flipped bytes are each
/// found, moved to quarantine/ with the reason (by `run`; `plan` and `report` only say so), and the
/// cell is recomputed to the numbers and weights of an untouched run.
/// </summary>
public sealed class ResultVerificationTests
{
    private const string TwoEvaluations = "[clean, { clean: { bins: 5 } }]";

    private static string Folder(ToolRun run, string results, string sub) => Path.Combine(run.Results(results), run.BenchmarkName, sub);

    private static Dictionary<string, JsonObject> CellsById(ToolRun run, string results) =>
        Directory.GetFiles(Folder(run, results, "cells"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

    /// <summary>The id of the cell with this loss label and seed.</summary>
    private static string IdOf(Dictionary<string, JsonObject> cells, string loss, int seed) =>
        cells.Single(c => (string)c.Value["loss"]! == loss && (int)c.Value["seed"]! == seed).Key;

    private static string Metrics(JsonObject cell) =>
        new JsonArray(cell["evaluations"]!.AsObject().OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["label"] = e.Key, ["metrics"] = e.Value!["metrics"]!.DeepClone() }).ToArray()).ToJsonString();

    private static string Curves(JsonObject cell) =>
        new JsonArray(cell["training"]!["epochs"]!.AsArray()
            .Select(e => (JsonNode)new JsonArray((double)e!["train-loss"]!, (double)e["train-accuracy"]!, (double?)e["test-accuracy"])).ToArray()).ToJsonString();

    /// <summary>The n and mean of one row of the clean.accuracy table in report.json.</summary>
    private static (int N, double? Mean) Row(ToolRun run, string results, string loss)
    {
        var table = JsonNode.Parse(run.ReadReport(results, "json"))!["tables"]!.AsArray().First(t => (string)t!["metric"]! == "clean.accuracy")!;
        var cell = table["cells"]!.AsArray().Single(c => (string)c!["row"]! == loss)!;
        return ((int)cell["n"]!, (double?)cell["mean"]);
    }

    [Fact]
    public void ACopiedCellFileIsIgnoredByPlanAndReportAndQuarantinedAndRerunByRun()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark("clean").Code);
        Assert.Equal(0, run.RunBenchmark("copied").Code);
        var clean = CellsById(run, "clean");
        var source = IdOf(clean, "cross-entropy", 0);
        var target = IdOf(clean, "cross-entropy(label-smoothing=0.1)", 0);
        var cells = Folder(run, "copied", "cells");
        var copiedText = File.ReadAllText(Path.Combine(cells, source + ".json"));
        File.WriteAllText(Path.Combine(cells, target + ".json"), copiedText);

        // plan: no crash; the copy is named with the reason, and its cell is to be trained again (its weights are kept but no record vouches for them).
        var (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results("copied"));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"ignored   cells/{target}.json: it holds the record of cell {source}", output);
        Assert.Matches($"  {target}  train ", output);
        Assert.Contains("3 done, 0 to evaluate, 1 to train", output);
        Assert.True(File.Exists(Path.Combine(cells, target + ".json")), "plan must not move files");

        // report: every cell counted once (the copy is not a second cross-entropy seed), and the copy named.
        (code, output, error) = run.Cli("report", Path.Combine(run.Results("copied"), run.BenchmarkName));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"cells/{target}.json: it holds the record of cell {source}", error);
        Assert.Equal(Row(run, "clean", "cross-entropy"), Row(run, "copied", "cross-entropy"));
        Assert.Equal(1, Row(run, "copied", "cross-entropy(label-smoothing=0.1)").N);
        Assert.Contains("3 of 4 cell(s) have results", output);

        // run: the copy goes to quarantine/ with its reason, and its cell is rerun to the numbers of the untouched run.
        (code, output, error) = run.RunBenchmark("copied");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined cells/{target}.json: it holds the record of cell {source}", output);
        Assert.Contains("(3 from earlier results)", output);
        var quarantine = Folder(run, "copied", "quarantine");
        Assert.Equal(copiedText, File.ReadAllText(Path.Combine(quarantine, target + ".json")));
        var reason = File.ReadAllText(Path.Combine(quarantine, target + ".json.reason.txt"));
        Assert.Contains($"cells/{target}.json", reason);
        Assert.Contains($"it holds the record of cell {source}", reason);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", reason);
        var rerun = CellsById(run, "copied");
        Assert.Equal(clean.Keys.Order(), rerun.Keys.Order());
        Assert.All(rerun, c => Assert.Equal(c.Key, (string)c.Value["id"]!));
        Assert.Equal(Metrics(clean[target]), Metrics(rerun[target]));
        Assert.Equal(Curves(clean[target]), Curves(rerun[target]));
        Assert.Equal(run.ReadReport("clean", "md"), run.ReadReport("copied", "md"));

        (code, output, _) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results("copied"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("ignored", output);
        Assert.Contains("4 done, 0 to evaluate, 0 to train", output);
    }

    [Fact]
    public void ARecordWhoseConfigWasEditedIsQuarantinedAndRerun()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]"));
        Assert.Equal(0, run.RunBenchmark("clean").Code);
        Assert.Equal(0, run.RunBenchmark("edited").Code);
        var clean = CellsById(run, "clean");
        var id = IdOf(clean, "cross-entropy", 0);
        var file = Path.Combine(Folder(run, "edited", "cells"), id + ".json");
        var edited = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        // Another seed in the config, the id left as it was: the record no longer describes the cell its id names.
        edited["config"]!["seed"] = 7;
        edited["evaluations"]!["clean"]!["metrics"]!["accuracy"] = 0.99;
        File.WriteAllText(file, edited.ToJsonString());

        var (code, output, error) = run.RunBenchmark("edited");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined cells/{id}.json: its config hashes to ", output);
        Assert.True(File.Exists(Path.Combine(Folder(run, "edited", "quarantine"), id + ".json.reason.txt")));
        Assert.Equal(Metrics(clean[id]), Metrics(CellsById(run, "edited")[id]));
    }

    [Theory]
    [InlineData("{ \"note\": \"seed 1 looked odd\" }")]
    [InlineData("seed 1 looked odd")]
    public void AStrayFileAmongTheRecordsIsReportedByPlanAndReportAndQuarantinedByRun(string notes)
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]"));
        Assert.Equal(0, run.RunBenchmark().Code);
        var stray = Path.Combine(Folder(run, "results", "cells"), "notes.json");
        File.WriteAllText(stray, notes);

        var (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("ignored   cells/notes.json: not a LossBench cell record", output);
        Assert.Contains("2 done, 0 to evaluate, 0 to train", output);

        (code, output, error) = run.Cli("report", Path.Combine(run.Results(), run.BenchmarkName));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("cells/notes.json: not a LossBench cell record", error);
        Assert.Contains("2 of 2 cell(s) have results", output);
        Assert.True(File.Exists(stray), "report must not move files");

        (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("quarantined cells/notes.json: not a LossBench cell record", output);
        Assert.Contains("(2 from earlier results)", output);
        Assert.False(File.Exists(stray));
        Assert.Equal(notes, File.ReadAllText(Path.Combine(Folder(run, "results", "quarantine"), "notes.json")));
    }

    public enum WeightsDamage { AnotherCells, FlippedByte, Truncated }

    /// <summary>
    /// Adding an evaluation evaluates cached weights; when they are not the weights the record was
    /// evaluated on, they are quarantined and the cell retrained, ending ok with the weights and
    /// numbers of an untouched run (one thread: training is bit-for-bit repeatable).
    /// </summary>
    [Theory]
    [InlineData(WeightsDamage.AnotherCells)]
    [InlineData(WeightsDamage.FlippedByte)]
    [InlineData(WeightsDamage.Truncated)]
    public void DamagedWeightsAreQuarantinedAndTheCellRetrainedToTheWeightsOfAnUntouchedRun(WeightsDamage damage)
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]"));
        Assert.Equal(0, run.RunBenchmark("clean").Code);
        Assert.Equal(0, run.RunBenchmark("damaged").Code);
        var before = CellsById(run, "damaged");
        var other = IdOf(before, "cross-entropy", 0);
        var id = IdOf(before, "cross-entropy(label-smoothing=0.1)", 0);
        var weights = Folder(run, "damaged", "weights");
        var file = Path.Combine(weights, id + ".safetensors");
        var bytes = File.ReadAllBytes(file);
        var damagedBytes = damage switch
        {
            WeightsDamage.AnotherCells => File.ReadAllBytes(Path.Combine(weights, other + ".safetensors")),
            // The last byte is the sign and high exponent bits of the last float32: its value changes by many orders of magnitude.
            WeightsDamage.FlippedByte => bytes.Select((b, i) => i == bytes.Length - 1 ? (byte)(b ^ 0x40) : b).ToArray(),
            _ => bytes[..(bytes.Length / 2)],
        };
        Assert.NotEqual(bytes, damagedBytes);
        File.WriteAllBytes(file, damagedBytes);

        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(seeds: "[0]", evaluations: TwoEvaluations));
        Assert.Equal(0, run.RunBenchmark("clean").Code);
        var (code, output, error) = run.RunBenchmark("damaged");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined weights/{id}.safetensors: its SHA-256 is ", output);
        Assert.Contains("retraining", output);
        Assert.Equal(damagedBytes, File.ReadAllBytes(Path.Combine(Folder(run, "damaged", "quarantine"), id + ".safetensors")));
        Assert.Contains($"weights/{id}.safetensors", File.ReadAllText(Path.Combine(Folder(run, "damaged", "quarantine"), id + ".safetensors.reason.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder(run, "clean", "weights"), id + ".safetensors")), File.ReadAllBytes(file));
        var (clean, after) = (CellsById(run, "clean"), CellsById(run, "damaged"));
        Assert.Equal("ok", (string)after[id]["status"]!);
        Assert.Equal(Metrics(clean[id]), Metrics(after[id]));
        Assert.Equal(Curves(clean[id]), Curves(after[id]));
        // The other cell loaded its intact weights to add the evaluation: its training record is the one written before.
        Assert.Equal(before[other]["training"]!.ToJsonString(), after[other]["training"]!.ToJsonString());
        Assert.Equal(run.ReadReport("clean", "md"), run.ReadReport("damaged", "md"));
    }

    [Fact]
    public void WeightsWhoseRecordHoldsNoHashAreRetrainedAndEveryEvaluationRecomputed()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]"));
        Assert.Equal(0, run.RunBenchmark().Code);
        var id = CellsById(run, "results").Keys.Single();
        var file = Path.Combine(Folder(run, "results", "cells"), id + ".json");
        var record = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var metrics = Metrics(record);
        Assert.NotNull(record["training"]!["weights-sha256"]);
        // As a LossBench that recorded no weights hash wrote it; an impossible time marks the evaluation as the old one.
        record["training"]!.AsObject().Remove("weights-sha256");
        record["evaluations"]!["clean"]!["seconds"] = -1.0;
        File.WriteAllText(file, record.ToJsonString());

        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]", evaluations: TwoEvaluations));
        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined weights/{id}.safetensors: its cell record holds no weights hash", output);
        var after = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal("ok", (string)after["status"]!);
        Assert.NotNull(after["training"]!["weights-sha256"]);
        // Weights the record cannot vouch for: no evaluation of the record is kept.
        Assert.True((double)after["evaluations"]!["clean"]!["seconds"]! >= 0);
        Assert.Equal(JsonNode.Parse(metrics)!.AsArray()[0]!.ToJsonString(), JsonNode.Parse(Metrics(after))!.AsArray()[0]!.ToJsonString());
    }

    [Fact]
    public void RetrainedWeightsIdenticalToTheRecordedOnesKeepTheRecordedEvaluations()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]"));
        Assert.Equal(0, run.RunBenchmark().Code);
        var id = CellsById(run, "results").Keys.Single();
        var cleanBefore = CellsById(run, "results")[id]["evaluations"]!["clean"]!.ToJsonString();
        var weights = Path.Combine(Folder(run, "results", "weights"), id + ".safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(weights, bytes);

        File.WriteAllText(run.BenchmarkFile, TinyBenchmark.Yaml(seeds: "[0]", losses: "[cross-entropy]", evaluations: TwoEvaluations));
        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined weights/{id}.safetensors", output);
        // One thread, same seeds: the retrained weights hash to what the record holds, so the evaluation made on them stands as it was (its time included).
        var after = CellsById(run, "results")[id];
        Assert.Equal(cleanBefore, after["evaluations"]!["clean"]!.ToJsonString());
        Assert.NotNull(after["evaluations"]!["clean(bins=5)"]);
    }

    [Fact]
    public void ATeachersDamagedWeightsAreQuarantinedAndTheTeacherRetrained()
    {
        const string losses = "[cross-entropy, { conf-reg: { bias-examples: 64, bias-epochs: 1 } }]";
        using var run = new ToolRun(TinyBenchmark.Yaml(seeds: "[0]", losses: losses));
        Assert.Equal(0, run.RunBenchmark("clean").Code);
        Assert.Equal(0, run.RunBenchmark("damaged").Code);
        var cells = CellsById(run, "damaged");
        var teacher = IdOf(cells, "cross-entropy", 0);
        var student = cells.Keys.Single(k => k != teacher);
        var weights = Path.Combine(Folder(run, "damaged", "weights"), teacher + ".safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(weights, bytes);

        // Only the conf-reg cell trains again; it takes the cross-entropy cell's cached weights as its teacher.
        var (code, output, error) = run.RunBenchmark("damaged", "--force", "--filter", "loss=conf-reg");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"quarantined weights/{teacher}.safetensors: its SHA-256 is ", output);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(Folder(run, "damaged", "quarantine"), teacher + ".safetensors")));
        var (clean, after) = (CellsById(run, "clean"), CellsById(run, "damaged"));
        Assert.Equal("ok", (string)after[student]["status"]!);
        Assert.Equal(Metrics(clean[student]), Metrics(after[student]));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder(run, "clean", "weights"), student + ".safetensors")),
            File.ReadAllBytes(Path.Combine(Folder(run, "damaged", "weights"), student + ".safetensors")));
    }
}
