using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Tests.Results;

/// <summary>What makes a stored record the record of its cell, where rejected files go, and the weights hash.</summary>
public sealed class ResultVerificationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lossbench-results-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static JsonObject Config(ulong seed, string loss = "cross-entropy") => new()
    {
        ["dataset"] = new JsonObject { ["plugin"] = "mnist-10k" },
        ["loss"] = new JsonObject { ["plugin"] = loss, ["options"] = new JsonObject { ["label-smoothing"] = 0.1 } },
        ["seed"] = seed,
        ["device"] = "cpu",
    };

    /// <summary>A record as `run` writes it: its id is the hash of its config.</summary>
    private static CellRecord Record(JsonObject config, ulong seed) => new()
    {
        FormatVersion = ResultFormat.Current,
        Id = CanonicalJson.Hash(config),
        Benchmark = "b",
        Dataset = "mnist-10k",
        Model = "mlp",
        Loss = "cross-entropy",
        Augmentation = "none",
        Seed = seed,
        Status = CellStatus.Ok,
        Config = config,
        Environment = new EnvironmentRecord("t", "t", "t", "t", "t", "t", 1, "cpu"),
        Evaluations = new Dictionary<string, EvaluationRecord>
        {
            ["clean"] = new("h", new Dictionary<string, double> { ["accuracy"] = 0.5 }, new Dictionary<string, Curve>(), 0),
        },
    };

    /// <summary>The record through its file form, as a reader sees it (numbers and strings as JSON text).</summary>
    private static CellRecord RoundTrip(CellRecord record) =>
        JsonSerializer.Deserialize<CellRecord>(JsonSerializer.Serialize(record, ResultJson.Options), ResultJson.Options)!;

    [Fact]
    public void A_record_written_for_its_cell_passes_after_a_round_trip_through_its_file()
    {
        var record = RoundTrip(Record(Config(3), 3));
        Assert.Null(CellRecordCheck.Problem(record, record.Id, Config(3)));
        Assert.Null(CellRecordCheck.Problem(record, record.Id, planned: null));
    }

    [Fact]
    public void A_record_under_another_cells_name_is_refused_naming_both()
    {
        var record = RoundTrip(Record(Config(3), 3));
        var problem = CellRecordCheck.Problem(record, "0123456789ab", planned: null);
        Assert.Equal($"it holds the record of cell {record.Id}, not of 0123456789ab (a copy of another cell's file?)", problem);
    }

    [Fact]
    public void A_config_that_does_not_hash_to_the_id_is_refused()
    {
        var original = Record(Config(3), 3);
        // The config of seed 4 kept under seed 3's id.
        var edited = RoundTrip(original with { Config = Config(4), Seed = 4 });
        var problem = CellRecordCheck.Problem(edited, original.Id, planned: null);
        Assert.Equal($"its config hashes to {CanonicalJson.Hash(Config(4))}, not to its id {original.Id} (edited or damaged)", problem);
        Assert.NotEqual(original.Id, CanonicalJson.Hash(Config(4)));
    }

    [Fact]
    public void A_config_other_than_the_plans_for_that_id_is_refused()
    {
        // Consistent in itself, but the plan knows this id with another config (only a hash collision could do this).
        var record = RoundTrip(Record(Config(3), 3));
        Assert.Equal($"its config is not the current plan's config of cell {record.Id}", CellRecordCheck.Problem(record, record.Id, Config(3, "focal")));
    }

    [Fact]
    public void A_seed_other_than_the_configs_is_refused()
    {
        // Reports pair cells by the recorded seed: it must be the one the id stands for.
        var record = RoundTrip(Record(Config(3), 3) with { Seed = 5 });
        Assert.Equal("it records seed 5, and its config another", CellRecordCheck.Problem(record, record.Id, Config(3)));
    }

    [Fact]
    public void Null_members_are_refused_instead_of_failing_later()
    {
        var record = Record(Config(3), 3);
        Assert.Equal("it has no config", CellRecordCheck.Problem(record with { Config = null! }, record.Id, null));
        Assert.Equal("it has no id", CellRecordCheck.Problem(record with { Id = null! }, record.Id, null));
        Assert.Equal("its evaluations are missing or malformed", CellRecordCheck.Problem(record with { Evaluations = null! }, record.Id, null));
    }

    [Fact]
    public void A_record_of_an_earlier_format_is_left_to_the_format_check()
    {
        var record = Record(Config(3), 3) with { FormatVersion = 0 };
        Assert.Null(CellRecordCheck.Problem(record, "another-name", null));
    }

    [Fact]
    public void Inspecting_the_cells_folder_reports_files_that_do_not_parse_and_never_throws()
    {
        var store = new ResultStore(_folder);
        var good = Record(Config(3), 3);
        store.Write(good);
        File.WriteAllText(Path.Combine(store.CellsDirectory, "notes.json"), "not json at all");
        File.WriteAllText(Path.Combine(store.CellsDirectory, "empty.json"), "");
        File.Copy(store.CellPath(good.Id), store.CellPath("0123456789ab"));

        var files = store.InspectAll().ToDictionary(f => f.CellId);

        Assert.Equal(new[] { "0123456789ab", "empty", good.Id, "notes" }.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        Assert.Null(files[good.Id].Problem);
        Assert.Equal(good.Id, files[good.Id].Record!.Id);
        Assert.StartsWith("not a LossBench cell record: ", files["notes"].Problem);
        Assert.Null(files["notes"].Record);
        Assert.StartsWith("not a LossBench cell record: ", files["empty"].Problem);
        Assert.StartsWith($"it holds the record of cell {good.Id}", files["0123456789ab"].Problem);
        Assert.Null(store.Inspect("ffffffffffff", null));
    }

    [Fact]
    public void Quarantine_keeps_the_file_beside_its_reason_and_never_overwrites_an_earlier_one()
    {
        var store = new ResultStore(_folder);
        Directory.CreateDirectory(store.CellsDirectory);
        var path = Path.Combine(store.CellsDirectory, "abc.json");
        File.WriteAllText(path, "first");

        var moved = store.Quarantine(path, "reason one");

        Assert.Equal(Path.Combine(store.QuarantineDirectory, "abc.json"), moved);
        Assert.False(File.Exists(path));
        Assert.Equal("first", File.ReadAllText(moved!));
        var reason = File.ReadAllLines(moved + ".reason.txt");
        Assert.Equal($"file: cells/abc.json (in {store.Directory})", reason[0]);
        Assert.Matches(@"^moved: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by lossbench run \(", reason[1]);
        Assert.Equal("reason: reason one", reason[2]);

        File.WriteAllText(path, "second");
        var again = store.Quarantine(path, "reason two");
        Assert.Equal(Path.Combine(store.QuarantineDirectory, "abc.2.json"), again);
        Assert.Equal("first", File.ReadAllText(moved!));
        Assert.Equal("second", File.ReadAllText(again!));
        Assert.Equal("reason: reason two", File.ReadAllLines(again + ".reason.txt")[2]);

        // Gone already (another shard moved it first): nothing to do.
        Assert.Null(store.Quarantine(path, "reason three"));
    }

    [Fact]
    public void The_weights_hash_is_sha256_and_a_record_without_one_or_with_another_refuses_the_file()
    {
        // The FIPS 180-2 example: SHA-256("abc").
        const string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        Assert.Equal(abc, CachedWeights.Sha256(Encoding.ASCII.GetBytes("abc")));
        var file = Path.Combine(_folder, "w.safetensors");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(file, "abc");
        Assert.Equal(abc, CachedWeights.Sha256OfFile(file));

        var training = new TrainingRecord([], 10, 1.0, "weights/x.safetensors");
        Assert.Null(CachedWeights.Problem(training with { WeightsSha256 = abc }, abc));
        Assert.StartsWith("its cell record holds no weights hash", CachedWeights.Problem(training, abc));
        var other = new string('0', 64);
        Assert.Equal($"its SHA-256 is {other}, and its cell record holds {abc} (damaged, or another cell's weights)",
            CachedWeights.Problem(training with { WeightsSha256 = abc }, other));
    }

    [Fact]
    public void The_weights_hash_is_stored_as_weights_sha256_and_absent_in_older_records()
    {
        var training = new TrainingRecord([], 10, 1.0, "weights/x.safetensors") { WeightsSha256 = "ab" };
        var json = JsonNode.Parse(JsonSerializer.Serialize(training, ResultJson.Options))!;
        Assert.Equal("ab", (string)json["weights-sha256"]!);
        var older = JsonSerializer.Deserialize<TrainingRecord>("""{ "epochs": [], "steps": 10, "seconds": 1.0, "weights-file": "weights/x.safetensors" }""", ResultJson.Options)!;
        Assert.Null(older.WeightsSha256);
        Assert.Equal("weights/x.safetensors", older.WeightsFile);
    }
}
