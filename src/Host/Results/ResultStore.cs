using System.Text.Json;

namespace LossBench.Host.Results;

/// <summary>
/// The results of one benchmark on disk:
/// <code>
/// results/&lt;benchmark&gt;/benchmark.json            what the report needs (axes order, report settings)
/// results/&lt;benchmark&gt;/cells/&lt;cell id&gt;.json        one CellRecord per cell
/// results/&lt;benchmark&gt;/weights/&lt;cell id&gt;.safetensors the trained weights, so a new evaluation never retrains
/// results/&lt;benchmark&gt;/report.{md,csv,json}
/// </code>
/// Every file is written atomically; stray temporary files of a killed run are ignored and removed.
/// </summary>
public sealed class ResultStore
{
    public ResultStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        CellsDirectory = Path.Combine(Directory, "cells");
        WeightsDirectory = Path.Combine(Directory, "weights");
    }

    public string Directory { get; }
    public string CellsDirectory { get; }
    public string WeightsDirectory { get; }
    public string BenchmarkFile => Path.Combine(Directory, "benchmark.json");

    public string CellPath(string cellId) => Path.Combine(CellsDirectory, cellId + ".json");

    /// <summary>The weights file of a cell, relative to <see cref="Directory"/> (as recorded in results).</summary>
    public static string RelativeWeightsPath(string cellId) => Path.Combine("weights", cellId + ".safetensors");

    public string WeightsPath(string cellId) => Path.Combine(Directory, RelativeWeightsPath(cellId));

    public CellRecord? TryRead(string cellId)
    {
        var path = CellPath(cellId);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>The record, or null when it is missing or unreadable (an unreadable one is simply recomputed).</summary>
    public CellRecord? TryReadOrNull(string cellId)
    {
        try { return TryRead(cellId); }
        catch (InvalidDataException) { return null; }
    }

    public void Write(CellRecord record) =>
        AtomicFile.WriteAllText(CellPath(record.Id), JsonSerializer.Serialize(record, ResultJson.Options) + "\n");

    /// <summary>Every cell record on disk (any shard, any run), in file-name order.</summary>
    public IReadOnlyList<CellRecord> ReadAll()
    {
        if (!System.IO.Directory.Exists(CellsDirectory)) return [];
        return System.IO.Directory.EnumerateFiles(CellsDirectory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToArray();
    }

    public BenchmarkRecord ReadBenchmark()
    {
        if (!File.Exists(BenchmarkFile))
            throw new FileNotFoundException($"{BenchmarkFile} is missing: {Directory} holds no LossBench results (run `lossbench run` first)", BenchmarkFile);
        var record = JsonSerializer.Deserialize<BenchmarkRecord>(File.ReadAllText(BenchmarkFile), ResultJson.Options)
                     ?? throw new InvalidDataException($"{BenchmarkFile} holds null");
        if (record.FormatVersion != ResultFormat.Current)
            throw new InvalidDataException($"{BenchmarkFile} was written in results format {record.FormatVersion}, and this LossBench reads format {ResultFormat.Current} " +
                                           "(cell ids and seeds are now derived from plugin identities): rerun `lossbench run` on the benchmark to recompute its cells");
        return record;
    }

    /// <summary>The records of the plan's cells that exist in the current format (a shard's or a filtered run's may be partial).</summary>
    public IReadOnlyList<CellRecord> ReadCells(IEnumerable<string> cellIds) =>
        cellIds.Select(TryReadOrNull).OfType<CellRecord>().Where(r => r.FormatVersion == ResultFormat.Current).ToArray();

    /// <summary>Removes temporary files left by a killed writer (never a finished file).</summary>
    public void RemoveStaleTemporaryFiles()
    {
        foreach (var folder in new[] { Directory, CellsDirectory, WeightsDirectory })
        {
            if (!System.IO.Directory.Exists(folder)) continue;
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, ".*.tmp"))
            {
                try { File.Delete(file); }
                catch (IOException) { }
            }
        }
    }

    private static CellRecord Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CellRecord>(File.ReadAllText(path), ResultJson.Options)
                   ?? throw new InvalidDataException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{path} is not a LossBench cell record: {e.Message}", e);
        }
    }
}
