namespace LossBench.Sdk.Datasets;

/// <summary>A data set plugin: loads its splits as in-memory tensors.</summary>
public interface IDataset
{
    /// <summary>Image shape and classes, known without loading the data.</summary>
    DatasetInfo Info { get; }

    /// <summary>
    /// Loads the splits. Images are float32 [N,C,H,W] in [0, 1], labels int64 [N]. Any randomness
    /// (which images go to train and test) comes from <see cref="DataContext.Seed"/> or the
    /// plugin's own options, never from the global generator.
    /// </summary>
    DataSplits Load(DataContext context);
}
