using LossBench.Host.Matrix;
using LossBench.Sdk.Datasets;

namespace LossBench.Host.Training;

/// <summary>
/// Loads each data set once per (identity, seed): every loss and augmentation of a row trains on the
/// same tensors. The tensors live outside any dispose scope until no remaining cell needs them.
/// </summary>
public sealed class DatasetCache(string baseDirectory) : IDisposable
{
    private readonly Dictionary<(string, ulong), DataSplits> _loaded = [];

    /// <summary>How many data sets are held now (for tests of eviction).</summary>
    public int Count => _loaded.Count;

    public DataSplits Get(Cell cell, IDataset plugin)
    {
        var key = Key(cell);
        if (_loaded.TryGetValue(key, out var splits)) return splits;
        splits = plugin.Load(new DataContext(cell.Seed, baseDirectory));
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

    private static (string, ulong) Key(Cell cell) => (cell.Dataset.IdentityKey, cell.Seed);

    public void Dispose()
    {
        foreach (var splits in _loaded.Values) splits.Dispose();
        _loaded.Clear();
    }
}
