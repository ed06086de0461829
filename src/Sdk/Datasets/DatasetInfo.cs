namespace LossBench.Sdk.Datasets;

/// <summary>What a model needs to know about a data set before it is loaded.</summary>
public sealed record DatasetInfo(int Channels, int Height, int Width, int Classes)
{
    /// <summary>Class names in label order, when the data set has them (else empty).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
