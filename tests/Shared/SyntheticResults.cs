using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;

namespace LossBench.Tests.Shared;

/// <summary>
/// Writes a results folder in the real format (benchmark.json and verified cell records, each id
/// the hash of its config) without training anything, with metric values given by formulas simple
/// enough to work out on paper:
/// <list type="bullet">
/// <item>loss i (0-based), seed s, augmentation a; every cell ok, except those <see cref="Options.Lost"/> names;</item>
/// <item>training: epoch e (1-based) has train loss 1 / e + 0.1 i + 0.01 s and test accuracy 0.5 + 0.1 e - 0.02 i + 0.01 s;</item>
/// <item><c>clean</c>: accuracy 0.9 - 0.02 i + 0.01 s - 0.05 a, nll, ece, and a reliability curve (0.5, 0.45) (0.95, 0.9 + 0.01 s);</item>
/// <item><c>fgsm</c>: clean-accuracy as clean's, accuracy@eps=e = clean - e (1 + i), noise-accuracy@eps=e = clean - e / 2;</item>
/// <item><c>saliency-pixels</c>: salient.accuracy@k=f = clean - f (2 + i), random.accuracy@k=f = clean - f;</item>
/// <item><c>curvature</c>: curvature@r = (3 - 0.5 r) (1 + i), random-curvature 0.2 (1 + i); <c>detect</c>: auroc and an roc curve (0,0) (0.1 + 0.1 s, 0.8) (1,1).</item>
/// </list>
/// So with seeds 0, 1, 2 a mean over seeds is the formula at s = 1 and its sample std is 0.01 wherever s enters with 0.01.
/// </summary>
internal static class SyntheticResults
{
    public sealed record Options(int Losses, int Seeds, int Augmentations)
    {
        public string Name { get; init; } = "synthetic";
        public double[] Epsilons { get; init; } = [0.1, 0.2];
        public double[] Fractions { get; init; } = [0.05, 0.1];
        public int Epochs { get; init; } = 2;
        public bool Geometry { get; init; } = true;
        /// <summary>(loss, seed) pairs recorded as diverged (even seed) or failed (odd seed) instead of ok.</summary>
        public IReadOnlyList<(int Loss, int Seed)> Lost { get; init; } = [];
    }

    public static string Loss(int i) => i == 0 ? "cross-entropy" : string.Create(CultureInfo.InvariantCulture, $"focal(gamma={i})");

    public static string Augmentation(int a) => a == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"cutout(size={a})");

    public const string Dataset = "mnist-10k(train=600,test=200)";
    public const string Model = "mlp(hidden=[32])";

    /// <summary>Writes &lt;root&gt;/&lt;name&gt;/ and returns that folder.</summary>
    public static string Write(string root, Options options)
    {
        var folder = Path.Combine(root, options.Name);
        var store = new ResultStore(folder);
        var ids = new List<string>();
        for (var a = 0; a < options.Augmentations; a++)
        for (var i = 0; i < options.Losses; i++)
        for (var s = 0; s < options.Seeds; s++)
        {
            var record = Cell(options, i, s, a);
            store.Write(record);
            ids.Add(record.Id);
        }
        var evaluations = options.Geometry ? new[] { "clean", "fgsm", "saliency-pixels", "curvature", "detect" } : ["clean", "fgsm", "saliency-pixels"];
        var benchmark = new BenchmarkRecord(options.Name, Path.Combine(root, options.Name + ".yaml"),
            new Dictionary<Axis, IReadOnlyList<string>>
            {
                [Axis.Dataset] = [Dataset],
                [Axis.Model] = [Model],
                [Axis.Loss] = Enumerable.Range(0, options.Losses).Select(Loss).ToArray(),
                [Axis.Augmentation] = Enumerable.Range(0, options.Augmentations).Select(Augmentation).ToArray(),
            },
            evaluations,
            new ReportSettings("cross-entropy", [new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation), new TableSpec("fgsm.accuracy@eps=0.1", Axis.Loss, Axis.Augmentation)]),
            ids) { FormatVersion = ResultFormat.Current };
        AtomicFile.WriteAllText(store.BenchmarkFile, JsonSerializer.Serialize(benchmark, ResultJson.Options) + "\n");
        AtomicFile.WriteAllText(benchmark.File, $"name: {options.Name}\n# a synthetic results folder: nothing was trained\n");
        return folder;
    }

    private static CellRecord Cell(Options options, int i, int s, int a)
    {
        var loss = Loss(i);
        var augmentation = Augmentation(a);
        var config = new JsonObject
        {
            ["dataset"] = Dataset, ["model"] = Model, ["loss"] = loss, ["augmentation"] = augmentation, ["seed"] = (ulong)s, ["synthetic"] = options.Name,
        };
        var status = options.Lost.Contains((i, s)) ? s % 2 == 0 ? CellStatus.Diverged : CellStatus.Failed : CellStatus.Ok;
        var clean = 0.9 - 0.02 * i + 0.01 * s - 0.05 * a;
        var evaluations = new Dictionary<string, EvaluationRecord>
        {
            ["clean"] = Evaluation(new() { ["accuracy"] = clean, ["nll"] = 0.3 + 0.01 * i, ["ece"] = 0.02 + 0.001 * s },
                new() { ["reliability"] = new Curve("confidence", "accuracy", [0.5, 0.95], [0.45, 0.9 + 0.01 * s]) }),
        };
        var fgsm = new Dictionary<string, double> { ["clean-accuracy"] = clean };
        foreach (var e in options.Epsilons)
        {
            fgsm[At("accuracy", "eps", e)] = clean - e * (1 + i);
            fgsm[At("noise-accuracy", "eps", e)] = clean - e / 2;
        }
        evaluations["fgsm"] = Evaluation(fgsm, new()
        {
            ["accuracy"] = new Curve("eps (linf)", "accuracy (attack loss: cross-entropy)", [0, .. options.Epsilons], [clean, .. options.Epsilons.Select(e => clean - e * (1 + i))]),
            ["noise-accuracy"] = new Curve("eps (linf)", "accuracy under sign noise", [0, .. options.Epsilons], [clean, .. options.Epsilons.Select(e => clean - e / 2)]),
        });
        var saliency = new Dictionary<string, double>();
        foreach (var f in options.Fractions)
        {
            saliency[At("salient.accuracy", "k", f)] = clean - f * (2 + i);
            saliency[At("random.accuracy", "k", f)] = clean - f;
        }
        evaluations["saliency-pixels"] = Evaluation(saliency, new()
        {
            ["salient"] = new Curve("fraction of pixels replaced", "accuracy (salient pixels set to zero)", options.Fractions, options.Fractions.Select(f => clean - f * (2 + i)).ToArray()),
            ["random"] = new Curve("fraction of pixels replaced", "accuracy (random pixels set to zero)", options.Fractions, options.Fractions.Select(f => clean - f).ToArray()),
        });
        if (options.Geometry)
        {
            evaluations["curvature"] = Evaluation(new()
            {
                ["curvature@1"] = 2.5 * (1 + i), ["curvature@2"] = 2.0 * (1 + i), ["curvature@3"] = 1.5 * (1 + i), ["random-curvature"] = 0.2 * (1 + i),
            }, []);
            evaluations["detect"] = Evaluation(new() { ["auroc"] = 0.85 + 0.01 * s }, new() { ["roc"] = new Curve("false-positive rate", "detection rate", [0, 0.1 + 0.1 * s, 1], [0, 0.8, 1]) });
        }
        var epochs = Enumerable.Range(1, options.Epochs)
            .Select(e => new EpochRecord(e, 1.0 / e + 0.1 * i + 0.01 * s, 0.6 + 0.1 * e, 0.5 + 0.1 * e - 0.02 * i + 0.01 * s, 1.5)).ToArray();
        return new CellRecord
        {
            FormatVersion = ResultFormat.Current,
            Id = CanonicalJson.Hash(config),
            Benchmark = options.Name,
            Dataset = Dataset,
            Model = Model,
            Loss = loss,
            Augmentation = augmentation,
            Seed = (ulong)s,
            Status = status,
            Message = status switch
            {
                CellStatus.Diverged => "the loss became NaN at step 17",
                CellStatus.Failed => "System.InvalidOperationException: a synthetic failure",
                _ => null,
            },
            DivergedAtStep = status == CellStatus.Diverged ? 17 : null,
            Config = config,
            Environment = new EnvironmentRecord("lossbench 0.1.0", "1.13.1 (AVX512)", "PyTorch built with: synthetic", ".NET 10.0.0", "Debian GNU/Linux 12", "Synthetic CPU @ 2.0GHz", 2, "cpu"),
            Training = new TrainingRecord(status == CellStatus.Ok ? epochs : epochs.Take(1).ToArray(), 100, 3.0, null),
            Evaluations = status == CellStatus.Ok ? evaluations : new Dictionary<string, EvaluationRecord>(),
        };
    }

    private static EvaluationRecord Evaluation(Dictionary<string, double> metrics, Dictionary<string, Curve> curves) => new("synthetic", metrics, curves, 0.5);

    private static string At(string series, string parameter, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{series}@{parameter}={value.ToString("R", CultureInfo.InvariantCulture)}");
}
