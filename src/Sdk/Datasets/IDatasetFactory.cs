using LossBench.Sdk.Options;

namespace LossBench.Sdk.Datasets;

/// <summary>
/// Builds other data set plugins, for data sets made from data sets (a planted shortcut, a
/// corruption): take it in the constructor and the host provides it. Build lazily (in
/// <see cref="IDataset.Info"/> or <see cref="IDataset.Load"/>): while plugins are being discovered it
/// cannot build yet.
/// </summary>
public interface IDatasetFactory
{
    /// <summary>The data set an entry names: a plugin name or a one-key mapping of a name to its options.</summary>
    IDataset Create(ConfigNode entry, string path);
}
