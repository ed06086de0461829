using System.Text.Json.Nodes;

namespace LossBench.Host.Results;

/// <summary>
/// Everything known about one cell of a benchmark: results/&lt;benchmark&gt;/cells/&lt;id&gt;.json.
/// Serialized with <see cref="ResultJson.Options"/> (kebab-case keys, invariant numbers).
/// </summary>
public sealed record CellRecord
{
    /// <summary>The <see cref="ResultFormat"/> it was written in; 0 when the file predates versions.</summary>
    public int FormatVersion { get; init; }
    public required string Id { get; init; }
    public required string Benchmark { get; init; }
    public required string Dataset { get; init; }
    public required string Model { get; init; }
    public required string Loss { get; init; }
    public required string Augmentation { get; init; }
    public required ulong Seed { get; init; }
    /// <summary>How the loss turns logits into probabilities: softmax, or one-vs-all-sigmoid (normalised sigmoids).</summary>
    public string Link { get; init; } = "softmax";
    public required CellStatus Status { get; init; }
    /// <summary>Why the cell failed, or where it diverged.</summary>
    public string? Message { get; init; }
    /// <summary>The optimizer step (0-based, over the whole run) at which the loss became NaN or infinite.</summary>
    public long? DivergedAtStep { get; init; }
    /// <summary>The cell's canonical configuration (what its id hashes).</summary>
    public required JsonObject Config { get; init; }
    public required EnvironmentRecord Environment { get; init; }
    public TrainingRecord? Training { get; init; }
    /// <summary>Per evaluation label (e.g. <c>clean</c>, <c>fgsm(eps=[0.1])</c>), its result.</summary>
    public IReadOnlyDictionary<string, EvaluationRecord> Evaluations { get; init; } = new Dictionary<string, EvaluationRecord>();
    /// <summary>The per-example outcomes of its evaluations (predictions/&lt;id&gt;.safetensors) and their SHA-256; null when no evaluation stored any.</summary>
    public PredictionsRecord? Predictions { get; init; }

    /// <summary>All metrics, named &lt;evaluation label&gt;.&lt;metric&gt; (e.g. <c>clean.accuracy</c>), plus <c>train.loss</c> and <c>train.accuracy</c> of the last epoch.</summary>
    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (Training is { Epochs.Count: > 0 } training)
        {
            metrics["train.loss"] = training.Epochs[^1].TrainLoss;
            metrics["train.accuracy"] = training.Epochs[^1].TrainAccuracy;
        }
        foreach (var (label, evaluation) in Evaluations)
            foreach (var (name, value) in evaluation.Metrics)
                metrics[label + "." + name] = value;
        return metrics;
    }

    /// <summary>The value of this cell on an axis.</summary>
    public string On(LossBench.Host.Config.Axis axis) => axis switch
    {
        LossBench.Host.Config.Axis.Dataset => Dataset,
        LossBench.Host.Config.Axis.Model => Model,
        LossBench.Host.Config.Axis.Loss => Loss,
        LossBench.Host.Config.Axis.Augmentation => Augmentation,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };
}
