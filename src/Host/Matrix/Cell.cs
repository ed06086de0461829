using System.Text.Json.Nodes;
using LossBench.Host.Config;

namespace LossBench.Host.Matrix;

/// <summary>One training run of the matrix: a data set, a model, a loss, an augmentation and a seed.</summary>
/// <param name="Id">Short SHA-256 of <paramref name="Config"/>: same configuration, same id, on any machine.</param>
/// <param name="Index">Position in the plan's order (what --shard splits on).</param>
/// <param name="Config">The canonical configuration: plugins with versions and options after defaults, seed, training settings, device kind.</param>
public sealed record Cell(string Id, int Index, AxisValue Dataset, AxisValue Model, AxisValue Loss, AxisValue Augmentation, ulong Seed, JsonObject Config)
{
    public string Label => LabelOf(Dataset, Model, Loss, Augmentation, Seed);

    public static string LabelOf(AxisValue dataset, AxisValue model, AxisValue loss, AxisValue augmentation, ulong seed) =>
        $"{dataset.Label} / {model.Label} / {loss.Label} / {augmentation.Label} / seed {seed}";

    public AxisValue On(Axis axis) => axis switch
    {
        Axis.Dataset => Dataset,
        Axis.Model => Model,
        Axis.Loss => Loss,
        Axis.Augmentation => Augmentation,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };
}
