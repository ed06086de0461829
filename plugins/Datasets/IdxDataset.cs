using System.Globalization;
using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// Any pair of IDX image and label files per split from one folder: full MNIST, Fashion-MNIST,
/// KMNIST. The train split is the training files, the test split the test files, both in file order
/// (optionally only their first <see cref="IdxOptions.Train"/> and <see cref="IdxOptions.Test"/>
/// images). The shape and classes are options rather than read from the files, so that a
/// benchmark can be planned on a machine that has not downloaded the data; loading checks that the
/// files agree with them.
/// </summary>
[Plugin("idx", Summary = "IDX image/label files from a folder (MNIST, Fashion-MNIST, KMNIST; plain or .gz); default folder: the data home's mnist")]
public sealed class IdxDataset(IdxOptions options) : IDataset
{
    /// <summary>The data home's folder read when no <see cref="IdxOptions.Dir"/> is given.</summary>
    public const string DefaultFolder = "mnist";

    public DatasetInfo Info { get; } = new(1, options.Height, options.Width, options.ClassCount)
    {
        ClassNames = options.ClassNames ?? Enumerable.Range(0, options.ClassCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray(),
    };

    public DataSplits Load(DataContext context)
    {
        var directory = context.ResolvePath(options.Dir ?? DataHome.For(DefaultFolder));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"idx: the folder {directory} does not exist; put the IDX files there (lossbench data get downloads MNIST, Fashion-MNIST and KMNIST into the data home) or set dir");

        using var scope = torch.NewDisposeScope();
        var train = LoadSplit(directory, options.TrainImages, options.TrainLabels, options.Train, "train");
        try
        {
            var test = LoadSplit(directory, options.TestImages, options.TestLabels, options.Test, "test");
            return new DataSplits(train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private TensorDataset LoadSplit(string directory, string imagesName, string labelsName, int? limit, string split)
    {
        var imagesPath = Find(directory, imagesName, split + "-images");
        var labelsPath = Find(directory, labelsName, split + "-labels");
        var (images, labels) = IdxImageSet.Load(imagesPath, labelsPath, Info.Classes);
        if (images.shape[2] != Info.Height || images.shape[3] != Info.Width)
            throw new InvalidDataException(
                $"{imagesPath}: the images are {images.shape[2]}x{images.shape[3]}, but the options declare {Info.Height}x{Info.Width}; set height and width to match");
        var count = images.shape[0];
        if (limit is { } l)
        {
            if (l > count)
                throw new InvalidDataException($"{imagesPath} holds {count} images, fewer than {split} = {l}; lower {split} or leave it out to use them all");
            // A copy of the kept rows, so that the rest of the file's tensor can be freed.
            images = images.narrow(0, 0, l).clone();
            labels = labels.narrow(0, 0, l).clone();
        }
        return new TensorDataset(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    /// <summary>The file as named, else the name with <c>.gz</c> appended.</summary>
    private static string Find(string directory, string name, string option)
    {
        var plain = Path.Combine(directory, name);
        if (File.Exists(plain)) return plain;
        var gzip = plain + ".gz";
        if (File.Exists(gzip)) return gzip;
        throw new FileNotFoundException($"idx: the {option} file is missing: neither {plain} nor {gzip} exists (option {option})", plain);
    }
}
