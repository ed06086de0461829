using System.Text.Json.Nodes;
using LossBench.Host.Config;
using LossBench.Host.Reports;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Tests.Reports;

/// <summary>Hand-made cell records with known metric values, so that every expected number in the report tests can be worked out on paper.</summary>
internal static class ReportCells
{
    private static readonly EnvironmentRecord Environment = new("t", "t", "t", "t", "t", "t", 1, "cpu");

    /// <summary>
    /// A cell with <c>clean.accuracy</c> = <paramref name="accuracy"/> (no metric at all when null).
    /// Non-ok cells get the metric too when given one: a report must not count it anyway.
    /// </summary>
    public static CellRecord Cell(string loss, ulong seed, double? accuracy, CellStatus status = CellStatus.Ok,
        string augmentation = "none", string model = "mlp", string dataset = "mnist-10k") => new()
    {
        Id = $"{dataset}-{model}-{loss}-{augmentation}-{seed}",
        Benchmark = "b",
        Dataset = dataset,
        Model = model,
        Loss = loss,
        Augmentation = augmentation,
        Seed = seed,
        Status = status,
        Config = new JsonObject(),
        Environment = Environment,
        Evaluations = accuracy is { } value
            ? new Dictionary<string, EvaluationRecord> { ["clean"] = new("h", new Dictionary<string, double> { ["accuracy"] = value }, new Dictionary<string, Curve>(), 0) }
            : new Dictionary<string, EvaluationRecord>(),
    };

    /// <summary>The benchmark's order of each axis; deliberately not alphabetical (mlp before cnn, none before flip, mnist-10k before fashion).</summary>
    public static readonly IReadOnlyDictionary<Axis, IReadOnlyList<string>> Order = new Dictionary<Axis, IReadOnlyList<string>>
    {
        [Axis.Dataset] = ["mnist-10k", "fashion"],
        [Axis.Model] = ["mlp", "cnn"],
        [Axis.Loss] = ["ce", "focal", "a,b\"c", "x|y"],
        [Axis.Augmentation] = ["none", "flip"],
    };

    /// <summary>One table of clean.accuracy, rows = loss, columns = augmentation.</summary>
    public static ReportSettings Settings(string? baseline = "ce", int digits = 4) =>
        new(baseline, [new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation)], digits);

    public static Report Build(IReadOnlyList<CellRecord> cells, ReportSettings? settings = null) =>
        ReportBuilder.Build(cells, settings ?? Settings(), Order);

    /// <summary>
    /// The 2x2 example (loss x augmentation, three seeds each) whose numbers the exporter tests write out by hand:
    /// ce/none 0.80 0.90 0.85 (mean 0.85, std 0.05); focal/none 0.82 0.94 0.88 (0.88, 0.06);
    /// ce/flip 0.70 0.80 0.75 (0.75, 0.05); focal/flip 0.72 0.76 0.80 (0.76, 0.04).
    /// focal - ce per seed: none 0.02 0.04 0.03 -> mean 0.03, sd 0.01, half width 4.3026527297 * 0.01 / sqrt(3) = 0.0248414,
    /// interval [0.0051586, 0.0548414], excludes 0; flip 0.02 -0.04 0.05 -> mean 0.01, sd sqrt(0.0042 / 2) = 0.0458258,
    /// half width 4.3026527297 * 0.0458258 / sqrt(3) = 0.1138375, interval [-0.1038375, 0.1238375], holds 0.
    /// </summary>
    public static CellRecord[] TwoByTwo() =>
    [
        Cell("ce", 0, 0.80), Cell("ce", 1, 0.90), Cell("ce", 2, 0.85),
        Cell("focal", 0, 0.82), Cell("focal", 1, 0.94), Cell("focal", 2, 0.88),
        Cell("ce", 0, 0.70, augmentation: "flip"), Cell("ce", 1, 0.80, augmentation: "flip"), Cell("ce", 2, 0.75, augmentation: "flip"),
        Cell("focal", 0, 0.72, augmentation: "flip"), Cell("focal", 1, 0.76, augmentation: "flip"), Cell("focal", 2, 0.80, augmentation: "flip"),
    ];
}
