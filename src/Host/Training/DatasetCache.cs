using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Loads each data set once per (label, seed) for a run: every loss and augmentation of a row
/// trains on the same tensors. The tensors live outside any dispose scope until the run ends.
/// </summary>
public sealed class DatasetCache(IServiceProvider services, string baseDirectory) : IDisposable
{
    private readonly Dictionary<(string, ulong), DataSplits> _loaded = [];

    public DataSplits Get(AxisValue dataset, ulong seed)
    {
        if (_loaded.TryGetValue((dataset.Label, seed), out var splits)) return splits;
        var plugin = (IDataset)PluginActivator.Create(services, dataset.Plugin, dataset.BoundOptions);
        splits = plugin.Load(new DataContext(seed, baseDirectory));
        _loaded[(dataset.Label, seed)] = splits;
        return splits;
    }

    public void Dispose()
    {
        foreach (var splits in _loaded.Values) splits.Dispose();
        _loaded.Clear();
    }
}
