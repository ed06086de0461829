using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// CIFAR-100 from its binary version: train.bin and test.bin, records of a coarse label byte, a fine
/// label byte and the image, read directly from the folder. 3x32x32, 100 fine or 20 coarse classes.
/// </summary>
[Plugin("cifar100", Summary = "CIFAR-100 binary files from a folder (3x32x32, 100 fine or 20 coarse classes); default folder: the data home's cifar100")]
public sealed class Cifar100Dataset(Cifar100Options options) : IDataset
{
    public const string DefaultFolder = "cifar100";
    public const string TrainFile = "train.bin";
    public const string TestFile = "test.bin";
    public const string FineNamesFile = "fine_label_names.txt";
    public const string CoarseNamesFile = "coarse_label_names.txt";

    private bool Coarse => options.Labels == CifarLabels.Coarse;
    private int Classes => Coarse ? 20 : 100;

    private readonly Lazy<DatasetInfo> _info = new(() =>
    {
        var coarse = options.Labels == CifarLabels.Coarse;
        return new DatasetInfo(CifarBinary.Channels, CifarBinary.Side, CifarBinary.Side, coarse ? 20 : 100)
        {
            ClassNames = CifarFolder.ClassNames(options.Dir, DefaultFolder, coarse ? CoarseNamesFile : FineNamesFile,
                coarse ? CifarClassNames.Cifar100Coarse : CifarClassNames.Cifar100Fine),
        };
    });

    public DatasetInfo Info => _info.Value;

    public DataSplits Load(DataContext context)
    {
        var directory = CifarFolder.Resolve("cifar100", options.Dir, DefaultFolder, context);
        // Each record starts with the coarse label, then the fine label.
        var labelIndex = Coarse ? 0 : 1;
        var train = CifarFolder.ReadSplit("cifar100", directory, [TrainFile], labelBytes: 2, labelIndex, Classes, options.Train, "train");
        try
        {
            var test = CifarFolder.ReadSplit("cifar100", directory, [TestFile], labelBytes: 2, labelIndex, Classes, options.Test, "test");
            return new DataSplits(train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }
}
