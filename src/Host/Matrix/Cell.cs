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

    /// <summary>
    /// SHA-256 of <paramref name="Config"/> with the plugins' content hashes left out: the cell's part
    /// in its evaluation seeds. Like <see cref="AxisValue.SeedKey"/>, it names what the cell computes,
    /// not which build computes it.
    /// </summary>
    public string SeedKey => _seedKey ??= SeedKeyOf(Config);

    private string? _seedKey;

    private static string SeedKeyOf(JsonObject config)
    {
        var copy = (JsonObject)config.DeepClone();
        foreach (var axis in new[] { "dataset", "model", "loss", "augmentation" })
            if (copy[axis] is JsonObject plugin) copy[axis] = Plugins.PluginIdentity.WithoutBuild(plugin);
        // Portable mode changes which kernels run, not what is computed: the same seeds either way.
        copy.Remove("portable");
        return CanonicalJson.Hash(copy, 64);
    }

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
