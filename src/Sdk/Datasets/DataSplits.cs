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

    /// <summary>
    /// The split a name selects: <c>test</c>, <c>train</c> or an extra split's name. Evaluations select
    /// their split through this, so every split name works the same way in every evaluation.
    /// </summary>
    /// <param name="name">The split's name from the evaluation's options.</param>
    /// <param name="who">Who asks (the evaluation's name), for the error message.</param>
    /// <exception cref="ArgumentException">The data set has no such split; the message lists those it has.</exception>
    public TensorDataset Resolve(string name, string who)
    {
        if (name == "test") return Test;
        if (name == "train") return Train;
        if (Extra.TryGetValue(name, out var extra)) return extra;
        var available = new[] { "test", "train" }.Concat(Extra.Keys.Order(StringComparer.Ordinal)).ToArray();
        throw new ArgumentException(
            $"{who}: the data set has no split '{name}'{Options.NameSuggester.DidYouMean(name, available)}; available splits: {string.Join(", ", available)}");
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        foreach (var split in Extra.Values) split.Dispose();
    }
}
