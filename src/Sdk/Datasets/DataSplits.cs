namespace LossBench.Sdk.Datasets;

/// <summary>
/// The splits of a data set: <see cref="Train"/>, <see cref="Test"/> and named extras such as
/// <c>ood</c>, and the corrupted test splits <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c> made on
/// demand. Owns them all.
/// </summary>
/// <remarks>
/// Who makes the corrupted splits: a data set plugin builds these splits from its own tensors, and
/// the host gives them an <see cref="ISplitCorruptor"/> before it hands them to an evaluation
/// (<see cref="UseCorruptor"/>). So the corruptions are implemented once, by the host, for every data
/// set, a built-in or a third party's; no plugin has to pass anything on or carry an implementation;
/// and this class stays a data holder that caches and owns what the corruptor made.
/// </remarks>
public sealed class DataSplits(TensorDataset train, TensorDataset test, IReadOnlyDictionary<string, TensorDataset>? extra = null) : IDisposable
{
    public TensorDataset Train { get; } = train;
    public TensorDataset Test { get; } = test;
    public IReadOnlyDictionary<string, TensorDataset> Extra { get; } = extra ?? new Dictionary<string, TensorDataset>();

    /// <summary>Corrupted test splits made on first use, by name; owned and disposed with the splits.</summary>
    private readonly Dictionary<string, TensorDataset> _corrupted = new(StringComparer.Ordinal);
    private ISplitCorruptor? _corruptor;
    private bool _disposed;

    /// <summary>
    /// Gives these splits what makes their corrupted test splits. The host calls this when it hands the
    /// splits to evaluations; plugins never need to. Giving the same corruptor again does nothing;
    /// another one is refused, because corrupted splits already made would then come from two sources.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another corruptor was given before.</exception>
    public void UseCorruptor(ISplitCorruptor corruptor)
    {
        ArgumentNullException.ThrowIfNull(corruptor);
        lock (_corrupted)
        {
            if (_corruptor is not null && !ReferenceEquals(_corruptor, corruptor))
                throw new InvalidOperationException("these splits already have another corruptor");
            _corruptor = corruptor;
        }
    }

    /// <summary>
    /// The split a name selects: <c>test</c>, <c>train</c>, an extra split's name or, for every data
    /// set, <c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>: the test split under a corruption (see
    /// <see cref="CorruptionSplit"/>), made on first use by the corruptor the host gave
    /// (<see cref="UseCorruptor"/>), then kept (and disposed with these splits). Evaluations select
    /// their split through this, so every split name works the same way in every evaluation.
    /// </summary>
    /// <param name="name">The split's name from the evaluation's options.</param>
    /// <param name="who">Who asks (the evaluation's name), for the error message.</param>
    /// <exception cref="ArgumentException">The data set has no such split; the message lists those it has.</exception>
    /// <exception cref="InvalidOperationException">A corrupted split is asked for and no corruptor was given.</exception>
    public TensorDataset Resolve(string name, string who)
    {
        if (name == "test") return Test;
        if (name == "train") return Train;
        if (Extra.TryGetValue(name, out var extra)) return extra;
        if (CorruptionSplit.IsCorruptionName(name))
        {
            CorruptionSplit corruption;
            try
            {
                corruption = CorruptionSplit.Parse(name);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{who}: {e.Message}", e);
            }
            lock (_corrupted)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_corrupted.TryGetValue(corruption.Name, out var corrupted))
                {
                    if (_corruptor is null)
                        throw new InvalidOperationException($"{who}: the split '{name}' is made by the host, which has not given these splits a corruptor ({nameof(UseCorruptor)})");
                    corrupted = _corruptor.Corrupt(Test, corruption);
                    _corrupted.Add(corruption.Name, corrupted);
                }
                return corrupted;
            }
        }
        var available = new[] { "test", "train" }.Concat(Extra.Keys.Order(StringComparer.Ordinal)).ToArray();
        throw new ArgumentException(
            $"{who}: the data set has no split '{name}'{Options.NameSuggester.DidYouMean(name, available)}; available splits: {string.Join(", ", available)}, " +
            $"and corrupt:<kind>@<severity> (severity 1-5, kind one of {string.Join(", ", CorruptionSplit.KindNames)})");
    }

    public void Dispose()
    {
        lock (_corrupted)
        {
            _disposed = true;
            foreach (var split in _corrupted.Values) split.Dispose();
            _corrupted.Clear();
        }
        Train.Dispose();
        Test.Dispose();
        foreach (var split in Extra.Values) split.Dispose();
    }
}
