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
    /// Whether this cell's seeds leave the plugins' content hashes out (<see cref="SeedBasis"/>,
    /// set for a same-numbers check); recorded in <paramref name="Config"/>, so such a cell has an id
    /// of its own and its results never stand in for a normal cell's.
    /// </summary>
    public bool SeedsWithoutBuild => Config[SeedBasis.ConfigKey]?.GetValue<string>() == SeedBasis.WithoutBuild;

    /// <summary>
    /// The key seeds derive from for one of this cell's values: its full identity key (content hash
    /// included, so rebuilt plugin code gets new seeds), or without the content hash when
    /// <see cref="SeedsWithoutBuild"/>.
    /// </summary>
    public string SeedKeyOf(AxisValue value) => SeedsWithoutBuild ? value.SeedKey : value.IdentityKey;

    /// <summary>
    /// SHA-256 of <paramref name="Config"/>: the cell's part in its evaluation seeds. Portable mode is
    /// left out (it changes which kernels run, not what is computed), and so are the plugins' content
    /// hashes when <see cref="SeedsWithoutBuild"/>.
    /// </summary>
    public string SeedKey => _seedKey ??= SeedKeyOf(Config, SeedsWithoutBuild);

    private string? _seedKey;

    private static string SeedKeyOf(JsonObject config, bool withoutBuild)
    {
        var copy = (JsonObject)config.DeepClone();
        if (withoutBuild)
            foreach (var axis in new[] { "dataset", "model", "loss", "augmentation" })
                if (copy[axis] is JsonObject plugin) copy[axis] = Plugins.PluginIdentity.WithoutBuild(plugin);
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
