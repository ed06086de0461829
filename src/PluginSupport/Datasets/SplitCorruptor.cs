using LossBench.Sdk.Datasets;

namespace LossBench.PluginSupport.Datasets;

/// <summary>
/// The corruptor the host gives every data set's splits (<see cref="DataSplits.UseCorruptor"/>):
/// <see cref="Corruptions.Apply(TensorDataset, CorruptionSplit)"/>, seeded by
/// <see cref="Corruptions.SeedOf"/>. It keeps no state, so one instance serves every data set.
/// </summary>
public sealed class SplitCorruptor : ISplitCorruptor
{
    public static SplitCorruptor Instance { get; } = new();

    private SplitCorruptor()
    {
    }

    public TensorDataset Corrupt(TensorDataset test, CorruptionSplit corruption) => Corruptions.Apply(test, corruption);
}
