using LossBench.Host.Matrix;
using LossBench.Sdk.Datasets;

namespace LossBench.Host.Training;

/// <summary>
/// Loads each data set once per (identity, seed): every loss and augmentation of a row trains on the
/// same tensors. A data set whose Load never read <see cref="DataContext.Seed"/> gave data that
/// cannot depend on it, so that one load serves every seed of the benchmark: its files are read and
/// split once, not once per seed, and the next seed's copy is never built beside the last. The
/// tensors live outside any dispose scope until no remaining cell needs them.
/// </summary>
public sealed class DatasetCache(string baseDirectory) : IDisposable
{
    // Keyed by identity and seed, or by identity alone (seed null) for a load that did not read its seed.
    private readonly Dictionary<(string Identity, ulong? Seed), DataSplits> _loaded = [];

    /// <summary>How many data sets are held now (for tests of eviction).</summary>
    public int Count => _loaded.Count;

    public DataSplits Get(Cell cell, IDataset plugin)
    {
        var key = Key(cell);
        if (_loaded.TryGetValue(key, out var splits)) return splits;
        var context = new DataContext(cell.Seed, baseDirectory);
        splits = DatasetLoading.Load(plugin, context);
        if (!context.SeedWasRead) key = (key.Identity, null);
        _loaded[key] = splits;
        return splits;
    }

    public void Release(IEnumerable<Cell> remaining)
    {
        var needed = remaining.Select(Key).ToHashSet();
        foreach (var key in _loaded.Keys.Where(k => !needed.Contains(k)).ToArray())
        {
            _loaded[key].Dispose();
            _loaded.Remove(key);
        }
    }

    private (string Identity, ulong? Seed) Key(Cell cell)
    {
        var identity = cell.Dataset.IdentityKey;
        return _loaded.ContainsKey((identity, null)) ? (identity, null) : (identity, cell.Seed);
    }

    public void Dispose()
    {
        foreach (var splits in _loaded.Values) splits.Dispose();
        _loaded.Clear();
    }
}
