namespace LossBench.Sdk.Datasets;

/// <summary>
/// The splits of a data set: <see cref="Train"/>, <see cref="Test"/> and named extras such as
/// <c>ood</c> or <c>corrupt:gaussian-noise</c>. Owns them all.
/// </summary>
public sealed class DataSplits(TensorDataset train, TensorDataset test, IReadOnlyDictionary<string, TensorDataset>? extra = null) : IDisposable
{
    public TensorDataset Train { get; } = train;
    public TensorDataset Test { get; } = test;
    public IReadOnlyDictionary<string, TensorDataset> Extra { get; } = extra ?? new Dictionary<string, TensorDataset>();

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        foreach (var split in Extra.Values) split.Dispose();
    }
}
