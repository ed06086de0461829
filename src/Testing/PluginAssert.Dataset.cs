using LossBench.Sdk.Datasets;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>The data set contract on the plugin built from <paramref name="optionsYaml"/>, after <see cref="Valid{TPlugin}"/>.</summary>
    /// <param name="baseDirectory">What relative paths in the options are resolved against (the benchmark file's folder); default: the current folder.</param>
    public static void Dataset<TDataset>(string? optionsYaml = null, string? baseDirectory = null) where TDataset : class, IDataset
    {
        var dataset = Build<TDataset>(optionsYaml, out var options);
        try
        {
            var traits = Declared<DatasetTraits>(typeof(TDataset), typeof(IDeclaresDatasetTraits<>), options) ?? DatasetTraits.Default;
            Dataset(dataset, traits, baseDirectory, NameOf(typeof(TDataset)));
        }
        finally
        {
            (dataset as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// A data set's contract: train and test splits (and extras) of images float32 [N,C,H,W] matching
    /// <see cref="IDataset.Info"/>, in [0, 1], labels int64 in [0, classes), a bias attribute when the
    /// traits say so; the same seed loads the same data; and Load leaves no tensor behind but the
    /// splits it returns.
    /// </summary>
    public static void Dataset(IDataset dataset, DatasetTraits? traits = null, string? baseDirectory = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        traits ??= DatasetTraits.Default;
        name ??= NameOf(dataset.GetType());
        var info = dataset.Info;
        var context = new DataContext(0, baseDirectory ?? Directory.GetCurrentDirectory());
        CheckLoadLeavesOnlyItsSplits(dataset, context, name);
        using var first = Load(dataset, context, name);
        using var again = Load(dataset, context, name);
        // The checks' own tensors (min, max, equal) live in this scope, apart from what Load made.
        using var checks = NewDisposeScope();
        foreach (var (split, data) in new[] { ("train", first.Train), ("test", first.Test) }.Concat(first.Extra.Select(e => (e.Key, e.Value))))
        {
            if (data.Count == 0) throw Fail(name, split, "the split is empty");
            var shape = data.Images.shape;
            if (data.Images.dtype != ScalarType.Float32 || shape[1] != info.Channels || shape[2] != info.Height || shape[3] != info.Width)
                throw Fail(name, split, $"images are [{string.Join(", ", shape)}] {data.Images.dtype}; Info says [N, {info.Channels}, {info.Height}, {info.Width}] float32");
            var low = data.Images.min().item<float>();
            var high = data.Images.max().item<float>();
            if (!(low >= 0 && high <= 1)) throw Fail(name, split, $"images must be in [0, 1], found values from {low} to {high}");
            if (data.Labels.dtype != ScalarType.Int64) throw Fail(name, split, $"labels are {data.Labels.dtype}, not int64");
            var (minLabel, maxLabel) = (data.Labels.min().item<long>(), data.Labels.max().item<long>());
            if (minLabel < 0 || maxLabel >= info.Classes) throw Fail(name, split, $"labels run from {minLabel} to {maxLabel}; Info says {info.Classes} classes (0 to {info.Classes - 1})");
            if (traits.HasBiasAttribute && data.BiasAttribute is null) throw Fail(name, split, "the traits declare a bias attribute, but the split has none");
        }
        if (!first.Train.Images.equal(again.Train.Images) || !first.Test.Images.equal(again.Test.Images) ||
            !first.Train.Labels.equal(again.Train.Labels) || !first.Test.Labels.equal(again.Test.Labels))
            throw Fail(name, "determinism", "two loads with seed 0 gave different data: take randomness from DataContext.Seed or the options, never from the global generator");
    }

    /// <summary>
    /// The host calls Load outside any dispose scope (once per data set, before the cells), so a tensor
    /// Load makes and neither returns nor disposes is freed only by the finalizer, after a full
    /// collection that a run may not reach for a long time; a view of a larger tensor keeps all of that
    /// tensor's memory until then. Fails when libtorch holds more tensors after the returned splits are
    /// disposed than before Load.
    /// </summary>
    private static void CheckLoadLeavesOnlyItsSplits(IDataset dataset, DataContext context, string name)
    {
        var leaked = LeakedTensors(() => Load(dataset, context, name).Dispose());
        if (leaked > 0)
            throw Fail(name, "Load", $"{leaked} tensor(s) made by Load were neither returned in the splits nor disposed (the host calls Load outside any " +
                                     "dispose scope, so they wait for the finalizer, and a view keeps the whole tensor it views): dispose intermediates " +
                                     "(using var), or make them in a torch.NewDisposeScope() and MoveToOuterDisposeScope() what the splits hold");
    }

    private static DataSplits Load(IDataset dataset, DataContext context, string name)
    {
        try
        {
            return dataset.Load(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail(name, "Load", $"threw {e.GetType().Name}: {e.Message}");
        }
    }
}
