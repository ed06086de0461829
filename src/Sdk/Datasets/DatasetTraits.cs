namespace LossBench.Sdk.Datasets;

/// <summary>What the host must know about a data set when it plans a benchmark, before anything is loaded.</summary>
public sealed record DatasetTraits
{
    public static DatasetTraits Default { get; } = new();

    /// <summary>The training split carries a bias attribute (<see cref="TensorDataset.BiasAttribute"/>), which the `known` bias source needs.</summary>
    public bool HasBiasAttribute { get; init; }
}
