namespace LossBench.Sdk.Datasets;

/// <summary>
/// Makes the corrupted test splits, <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>, that
/// <see cref="DataSplits.Resolve"/> gives evaluations. The host supplies it (see
/// <see cref="DataSplits.UseCorruptor"/>): a corruption is the same operation for every data set, so
/// it is implemented once, outside the SDK, and no plugin carries or depends on it. A data set plugin
/// only loads its splits; an evaluation only names the split it wants.
/// </summary>
public interface ISplitCorruptor
{
    /// <summary>
    /// <paramref name="test"/> under <paramref name="corruption"/>: a new data set with the same labels
    /// and bias attribute, whose tensors belong to no dispose scope (the caller owns it). The images
    /// depend only on <paramref name="test"/> and <paramref name="corruption"/>, never on a global
    /// generator, so every cell of a benchmark sees the same corrupted images.
    /// </summary>
    TensorDataset Corrupt(TensorDataset test, CorruptionSplit corruption);
}
