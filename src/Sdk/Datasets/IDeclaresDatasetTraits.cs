namespace LossBench.Sdk.Datasets;

/// <summary>A data set whose traits differ from <see cref="DatasetTraits.Default"/> declares them from its options alone.</summary>
public interface IDeclaresDatasetTraits<in TOptions>
{
    static abstract DatasetTraits TraitsOf(TOptions options);
}
