using System.Text.Json.Nodes;
using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Losses;

namespace LossBench.Host.Matrix;

/// <summary>
/// Expands a benchmark into its cells: datasets x models x augmentations x seeds x losses (losses
/// vary fastest, so the cells one paired comparison needs run next to each other), minus what
/// include/exclude rules and plugin traits rule out.
/// </summary>
public static class MatrixExpander
{
    /// <param name="traits">Reads each plugin's traits from its options (nothing is constructed).</param>
    public static MatrixPlan Expand(BenchmarkDefinition benchmark, string deviceKind, PluginTraits traits) =>
        Expand(benchmark, deviceKind, v => traits.Loss(v.Plugin, v.BoundOptions), v => traits.Augmentation(v.Plugin, v.BoundOptions),
            v => traits.Dataset(v.Plugin, v.BoundOptions).HasBiasAttribute);

    public static MatrixPlan Expand(BenchmarkDefinition benchmark, string deviceKind,
        Func<AxisValue, LossTraits> lossTraits, Func<AxisValue, AugmentationTraits> augmentationTraits, Func<AxisValue, bool>? datasetHasBiasAttribute = null)
    {
        datasetHasBiasAttribute ??= _ => false;
        var cells = new List<Cell>();
        var refused = new List<RefusedCell>();
        var training = TrainingJson(benchmark.Training);
        foreach (var dataset in benchmark.Datasets)
        foreach (var model in benchmark.Models)
        foreach (var augmentation in benchmark.Augmentations)
        foreach (var seed in benchmark.Seeds)
        foreach (var loss in benchmark.Losses)
        {
            var values = new Dictionary<Axis, AxisValue>
            {
                [Axis.Dataset] = dataset, [Axis.Model] = model, [Axis.Loss] = loss, [Axis.Augmentation] = augmentation,
            };
            if (benchmark.Exclude.Any(rule => Matches(rule, values))) continue;
            if (benchmark.Include.Count > 0 && !benchmark.Include.Any(rule => Matches(rule, values))) continue;
            var label = Cell.LabelOf(dataset, model, loss, augmentation, seed);
            if (Refusal(dataset, loss, augmentation, lossTraits(loss), augmentationTraits(augmentation), datasetHasBiasAttribute(dataset)) is { } reason)
            {
                refused.Add(new RefusedCell(label, reason));
                continue;
            }
            var config = new JsonObject
            {
                ["dataset"] = PluginJson(dataset),
                ["model"] = PluginJson(model),
                ["loss"] = PluginJson(loss),
                ["augmentation"] = PluginJson(augmentation),
                ["seed"] = seed,
                ["device"] = deviceKind,
                ["training"] = training.DeepClone(),
            };
            // Portable kernels give other last digits than this machine's own: a cell of each kind, never one for the other.
            // Written only when on, so the ids of every other cell stay what they were.
            if (benchmark.Portable) config["portable"] = true;
            // Likewise only when on: seeds that ignore plugin builds are a check's mode, never a normal cell's.
            if (benchmark.SeedsWithoutBuild) config[SeedBasis.ConfigKey] = SeedBasis.WithoutBuild;
            cells.Add(new Cell(CanonicalJson.Hash(config), cells.Count, dataset, model, loss, augmentation, seed, config));
        }
        return new MatrixPlan(cells, refused);
    }

    /// <summary>The same cell with another loss (e.g. the cross-entropy teacher of a distillation loss): its own config and id.</summary>
    public static Cell WithLoss(Cell cell, AxisValue loss)
    {
        var config = (JsonObject)cell.Config.DeepClone();
        config["loss"] = PluginJson(loss);
        return cell with { Id = CanonicalJson.Hash(config), Loss = loss, Config = config };
    }

    /// <summary>Plugin, version, content hash and options after defaults: what makes two axis values the same (<see cref="AxisValue.Identity"/>).</summary>
    public static JsonObject PluginJson(AxisValue value) => (JsonObject)value.Identity.DeepClone();

    private static string? Refusal(AxisValue dataset, AxisValue loss, AxisValue augmentation, LossTraits lossTraits, AugmentationTraits augmentationTraits, bool hasBiasAttribute)
    {
        if (lossTraits.HardLabelsOnly && augmentationTraits.MixesTargets)
            return $"the loss {loss.Label} needs hard labels, and the augmentation {augmentation.Label} mixes targets";
        if (lossTraits.NeedsBiasModel && lossTraits.BiasModel.Source == BiasSource.Known && !hasBiasAttribute)
            return $"the loss {loss.Label} takes its bias from the data set's bias attribute (bias: known), and {dataset.Label} declares none";
        return null;
    }

    private static bool Matches(MatchRule rule, IReadOnlyDictionary<Axis, AxisValue> values) =>
        rule.Conditions.All(condition =>
            condition.Value.Contains(values[condition.Key].Label, StringComparer.Ordinal) ||
            condition.Value.Contains(values[condition.Key].Name, StringComparer.Ordinal));

    /// <summary>
    /// The training settings that change what a cell learns (not the evaluation batch size or
    /// limits). <c>until</c> is written only when set: a benchmark without it keeps the ids (and so
    /// the seeds and cached results) it had before the setting existed.
    /// </summary>
    private static JsonObject TrainingJson(TrainingSettings training)
    {
        var json = new JsonObject
        {
            ["epochs"] = training.Epochs,
            ["batch-size"] = training.BatchSize,
            ["optimizer"] = CanonicalJson.OfOptions(training.Optimizer),
            ["schedule"] = CanonicalJson.OfValue(training.Schedule),
            ["warmup-epochs"] = training.WarmupEpochs,
        };
        if (training.Until is { } until)
            json["until"] = new JsonObject { ["train-accuracy"] = until.TrainAccuracy, ["measure"] = CanonicalJson.OfValue(until.Measure) };
        return json;
    }
}
