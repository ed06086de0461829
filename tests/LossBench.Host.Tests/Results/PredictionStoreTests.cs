using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Tests.Results;

/// <summary>The predictions file: its layout (read here with a plain JSON parser, not the library's reader), its hash check and its names.</summary>
public sealed class PredictionStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lossbench-predictions-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static readonly ExampleOutcomes Clean = new([0, 1, 2], [1, 0, 2], [0.75f, 0.125f, 0.5f], [true, false, true]);
    private static readonly ExampleOutcomes Attacked = new([0, 1], [3, 0], [0.25f, 0.0625f], [false, true]);

    private static Dictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>> Outcomes() => new()
    {
        ["clean"] = new Dictionary<string, ExampleOutcomes> { ["accuracy"] = Clean },
        // A label may hold '/' (a split name, a path option): the name and field are the last two parts.
        ["clean(split=corrupt:a/b)"] = new Dictionary<string, ExampleOutcomes> { ["accuracy"] = Clean },
        ["fgsm"] = new Dictionary<string, ExampleOutcomes> { ["accuracy@eps=0.1"] = Attacked },
    };

    private static CellRecord Record(PredictionsRecord? predictions)
    {
        var config = new JsonObject { ["seed"] = 0, ["dataset"] = new JsonObject { ["plugin"] = "d" } };
        return new CellRecord
        {
            FormatVersion = ResultFormat.Current,
            Id = CanonicalJson.Hash(config),
            Benchmark = "b",
            Dataset = "d",
            Model = "m",
            Loss = "l",
            Augmentation = "none",
            Seed = 0,
            Status = CellStatus.Ok,
            Config = config,
            Environment = new EnvironmentRecord("t", "t", "t", "t", "t", "t", 1, "cpu"),
            Predictions = predictions,
        };
    }

    [Fact]
    public void The_file_holds_four_tensors_per_metric_and_its_sha256_is_in_the_record()
    {
        var store = new ResultStore(_folder);
        var id = Record(null).Id;
        var predictions = PredictionStore.Write(store, id, Outcomes());
        Assert.Equal($"predictions/{id}.safetensors", predictions.File);
        var bytes = File.ReadAllBytes(Path.Combine(_folder, "predictions", id + ".safetensors"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), predictions.Sha256);

        // The safetensors layout by hand: 8-byte header length, JSON header, raw little-endian data.
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        Assert.Equal(id, (string)header["__metadata__"]!["cell"]!);
        Assert.Equal(12, header.Count - 1);
        byte[] Data(string name, string dtype, int count, int size)
        {
            var entry = header[name]!;
            Assert.Equal(dtype, (string)entry["dtype"]!);
            Assert.Equal([count], entry["shape"]!.AsArray().Select(n => (int)n!));
            var (begin, end) = ((int)entry["data_offsets"]![0]!, (int)entry["data_offsets"]![1]!);
            Assert.Equal(count * size, end - begin);
            return bytes[(8 + headerLength + begin)..(8 + headerLength + end)];
        }
        Assert.Equal([1, 0, 1], Data("clean/accuracy/correct", "U8", 3, 1));
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0], Data("clean/accuracy/index", "I32", 3, 4));
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0], Data("clean/accuracy/predicted", "I32", 3, 4));
        // 0.75f = 0x3F400000, 0.125f = 0x3E000000, 0.5f = 0x3F000000, little-endian.
        Assert.Equal([0, 0, 0x40, 0x3F, 0, 0, 0, 0x3E, 0, 0, 0, 0x3F], Data("clean/accuracy/label-probability", "F32", 3, 4));
        Assert.Equal([0, 1], Data("fgsm/accuracy@eps=0.1/correct", "U8", 2, 1));
        Assert.Equal([3, 0, 0, 0, 0, 0, 0, 0], Data("fgsm/accuracy@eps=0.1/predicted", "I32", 2, 4));
        Data("clean(split=corrupt:a/b)/accuracy/index", "I32", 3, 4);

        // The same outcomes give the same bytes.
        Assert.Equal(bytes, PredictionStore.Serialize(id, Outcomes()));
    }

    [Fact]
    public void Read_gives_back_the_outcomes_only_when_the_bytes_hash_to_the_record()
    {
        var store = new ResultStore(_folder);
        var id = Record(null).Id;
        var record = Record(PredictionStore.Write(store, id, Outcomes()));
        var read = PredictionStore.Read(store, record);
        Assert.Equal(["clean", "clean(split=corrupt:a/b)", "fgsm"], read.Evaluations.Keys);
        foreach (var (label, name, expected) in new[] { ("clean", "accuracy", Clean), ("clean(split=corrupt:a/b)", "accuracy", Clean), ("fgsm", "accuracy@eps=0.1", Attacked) })
        {
            var outcomes = read.Get(label, name)!;
            Assert.Equal(expected.Index, outcomes.Index);
            Assert.Equal(expected.Predicted, outcomes.Predicted);
            Assert.Equal(expected.LabelProbability, outcomes.LabelProbability);
            Assert.Equal(expected.Correct, outcomes.Correct);
        }
        Assert.Null(read.Get("fgsm", "accuracy"));

        // A record holding another hash (another cell's file, or a damaged one) is refused, naming both hashes.
        var wrong = record with { Predictions = record.Predictions! with { Sha256 = new string('0', 64) } };
        var problem = Assert.Throws<InvalidDataException>(() => PredictionStore.Read(store, wrong));
        Assert.Contains($"its SHA-256 is {record.Predictions!.Sha256}, and its cell record holds {new string('0', 64)}", problem.Message);
        // A record without predictions says so.
        Assert.Contains("stored no per-example predictions", Assert.Throws<InvalidDataException>(() => PredictionStore.Read(store, Record(null))).Message);
    }

    [Fact]
    public void A_name_with_a_slash_or_arrays_of_different_lengths_are_refused()
    {
        var slash = new Dictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>> { ["clean"] = new Dictionary<string, ExampleOutcomes> { ["a/b"] = Clean } };
        Assert.Contains("'a/b'", Assert.Throws<ArgumentException>(() => PredictionStore.Serialize("c", slash)).Message);
        var ragged = new Dictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>>
        {
            ["clean"] = new Dictionary<string, ExampleOutcomes> { ["accuracy"] = new([0, 1], [0], [0.5f, 0.5f], [true, true]) },
        };
        Assert.Contains("predicted 1", Assert.Throws<ArgumentException>(() => PredictionStore.Serialize("c", ragged)).Message);
    }
}
