using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// CIFAR-10 from its binary version: the train split is data_batch_1.bin to data_batch_5.bin in
/// order, the test split test_batch.bin, read directly from the folder. 3x32x32, 10 classes.
/// </summary>
[Plugin("cifar10", Summary = "CIFAR-10 binary batches from a folder (3x32x32, 10 classes); default folder: the data home's cifar10")]
public sealed class Cifar10Dataset(Cifar10Options options) : IDataset
{
    public const string DefaultFolder = "cifar10";
    public const string NamesFile = "batches.meta.txt";
    public static readonly IReadOnlyList<string> TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    public const string TestFile = "test_batch.bin";

    private readonly Lazy<DatasetInfo> _info = new(() => new DatasetInfo(CifarBinary.Channels, CifarBinary.Side, CifarBinary.Side, 10)
    {
        ClassNames = CifarFolder.ClassNames(options.Dir, DefaultFolder, NamesFile, CifarClassNames.Cifar10),
    });

    public DatasetInfo Info => _info.Value;

    public DataSplits Load(DataContext context)
    {
        var directory = CifarFolder.Resolve("cifar10", options.Dir, DefaultFolder, context);
        var train = CifarFolder.ReadSplit("cifar10", directory, TrainFiles, labelBytes: 1, labelIndex: 0, classes: 10, options.Train, "train");
        try
        {
            var test = CifarFolder.ReadSplit("cifar10", directory, [TestFile], labelBytes: 1, labelIndex: 0, classes: 10, options.Test, "test");
            return new DataSplits(train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }
}
