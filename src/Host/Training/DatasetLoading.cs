using System.Runtime;
using LossBench.Sdk.Datasets;

namespace LossBench.Host.Training;

/// <summary>How the host loads a data set, for a run (<see cref="DatasetCache"/>) and for the loss search alike.</summary>
internal static class DatasetLoading
{
    /// <summary>
    /// <paramref name="plugin"/>'s splits, with the managed memory its load dropped given back. A load
    /// leaves its file buffers behind as managed garbage (the built-in IDX and CIFAR readers:
    /// decompressed bytes, a growing buffer and copies of it, tens of MB on the large-object heap),
    /// and after it the process allocates too little managed memory for the collector to reach them
    /// on its own: they stayed resident for the whole run, under every peak of the evaluations.
    /// One full, compacting collection per load gives that memory back at once.
    /// </summary>
    public static DataSplits Load(IDataset plugin, DataContext context)
    {
        var splits = plugin.Load(context);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return splits;
    }
}
