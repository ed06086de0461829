using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// The 10,000 MNIST digits embedded with LossBench (data/mnist-10k), split into disjoint train and
/// test sets by a seeded permutation: the first <see cref="Mnist10kOptions.Train"/> indices of
/// randperm(10000, Generator(split-seed)) are the training images, the next
/// <see cref="Mnist10kOptions.Test"/> the test images.
/// </summary>
[Plugin("mnist-10k", Summary = "10,000 embedded MNIST digits (1x28x28, 10 classes), split into train and test by a seeded permutation")]
public sealed class Mnist10kDataset : IDataset
{
    /// <summary>Images in the embedded files.</summary>
    public const int ImageCount = 10_000;

    internal const string ImagesFile = "images-idx3-ubyte.gz";
    internal const string LabelsFile = "labels-idx1-ubyte.gz";

    private static readonly DatasetInfo Shape = new(Channels: 1, Height: 28, Width: 28, Classes: 10)
    {
        ClassNames = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
    };

    private readonly Mnist10kOptions _options;
    private readonly string _directory;

    public Mnist10kDataset(Mnist10kOptions options) : this(options, DefaultDirectory()) { }

    /// <summary>For tests: reads the files from <paramref name="directory"/> instead of the plugin's own folder.</summary>
    internal Mnist10kDataset(Mnist10kOptions options, string directory)
    {
        _options = options;
        _directory = directory;
    }

    public DatasetInfo Info => Shape;

    /// <summary>
    /// data/mnist-10k beside this assembly. The plugin folder is copied around (into the tool's
    /// plugins/ folder, into a NuGet tool package), so neither the working directory nor the host's
    /// base directory says where the files are; the assembly's own location does. A plugin loaded
    /// from bytes has no location, and then the host's base directory is the best guess.
    /// </summary>
    internal static string DefaultDirectory()
    {
        var assemblyPath = typeof(Mnist10kDataset).Assembly.Location;
        var baseDirectory = string.IsNullOrEmpty(assemblyPath) ? AppContext.BaseDirectory : Path.GetDirectoryName(assemblyPath)!;
        return Path.Combine(baseDirectory, "data", "mnist-10k");
    }

    public DataSplits Load(DataContext context)
    {
        var imagesPath = Path.Combine(_directory, ImagesFile);
        var labelsPath = Path.Combine(_directory, LabelsFile);
        foreach (var path in new[] { imagesPath, labelsPath })
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"mnist-10k: the data file {path} is missing; it ships in the plugin's data/mnist-10k folder " +
                    "(reinstall the tool, or rebuild the LossBench.Plugins.Datasets project)", path);

        // Everything but the four split tensors is freed when the scope ends; those are detached
        // from every scope, because the returned DataSplits owns them (a host that loads inside
        // its own scope must not see them disposed when that scope ends).
        using var scope = torch.NewDisposeScope();
        var (images, labels) = IdxImageSet.Load(imagesPath, labelsPath, Shape.Classes);
        var count = images.shape[0];
        if (images.shape[2] != Shape.Height || images.shape[3] != Shape.Width)
            throw new InvalidDataException($"{imagesPath}: expected {Shape.Height}x{Shape.Width} images, found {images.shape[2]}x{images.shape[3]}");
        if (count < (long)_options.Train + _options.Test)
            throw new InvalidDataException(
                $"{imagesPath} holds {count} images, fewer than train ({_options.Train}) + test ({_options.Test}) = {(long)_options.Train + _options.Test}");

        // The split depends only on split-seed, never on the cell's seed or the global generator,
        // so every loss, model and benchmark seed is compared on the very same test images.
        using var generator = new Generator(_options.SplitSeed);
        var order = torch.randperm(count, generator);
        var trainIndices = order.narrow(0, 0, _options.Train);
        var testIndices = order.narrow(0, _options.Train, _options.Test);

        var train = new TensorDataset(
            images.index_select(0, trainIndices).DetachFromDisposeScope(),
            labels.index_select(0, trainIndices).DetachFromDisposeScope());
        var test = new TensorDataset(
            images.index_select(0, testIndices).DetachFromDisposeScope(),
            labels.index_select(0, testIndices).DetachFromDisposeScope());
        return new DataSplits(train, test);
    }
}
