using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossBench.Host.Results;

/// <summary>
/// The results of one benchmark on disk:
/// <code>
/// results/&lt;benchmark&gt;/benchmark.json            what the report needs (axes order, report settings)
/// results/&lt;benchmark&gt;/cells/&lt;cell id&gt;.json        one CellRecord per cell
/// results/&lt;benchmark&gt;/weights/&lt;cell id&gt;.safetensors the trained weights, so a new evaluation never retrains
/// results/&lt;benchmark&gt;/predictions/&lt;cell id&gt;.safetensors per-example outcomes of the evaluations (<see cref="PredictionStore"/>)
/// results/&lt;benchmark&gt;/report.{md,csv,json}
/// results/&lt;benchmark&gt;/quarantine/              records and weights that failed verification, each with a .reason.txt
/// results/&lt;benchmark&gt;/claims/&lt;cell id&gt;.claim  who is computing a cell now (<see cref="CellClaims"/>)
/// </code>
/// Every file is written atomically; stray temporary files of a killed run are ignored, and removed
/// only by a rule that cannot hit a live writer (<see cref="RemoveTemporaryFilesOf"/>).
/// A record is used only after it is verified (<see cref="CellRecordCheck"/>), and weights only after
/// their SHA-256 matches the one their cell's record holds.
/// </summary>
public sealed class ResultStore
{
    public ResultStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        CellsDirectory = Path.Combine(Directory, "cells");
        WeightsDirectory = Path.Combine(Directory, "weights");
        PredictionsDirectory = Path.Combine(Directory, "predictions");
        QuarantineDirectory = Path.Combine(Directory, "quarantine");
    }

    public string Directory { get; }
    public string CellsDirectory { get; }
    public string WeightsDirectory { get; }
    public string PredictionsDirectory { get; }
    /// <summary>Where files that failed verification are moved, each beside a .reason.txt (only `run` moves files).</summary>
    public string QuarantineDirectory { get; }
    public string BenchmarkFile => Path.Combine(Directory, "benchmark.json");

    public string CellPath(string cellId) => Path.Combine(CellsDirectory, cellId + ".json");

    /// <summary>The weights file of a cell, relative to <see cref="Directory"/> (as recorded in results).</summary>
    public static string RelativeWeightsPath(string cellId) => Path.Combine("weights", cellId + ".safetensors");

    public string WeightsPath(string cellId) => Path.Combine(Directory, RelativeWeightsPath(cellId));

    /// <summary>The predictions file of a cell, relative to <see cref="Directory"/> (as recorded in results).</summary>
    public static string RelativePredictionsPath(string cellId) => Path.Combine("predictions", cellId + ".safetensors");

    public string PredictionsPath(string cellId) => Path.Combine(Directory, RelativePredictionsPath(cellId));

    /// <summary>
    /// Reads and verifies cells/&lt;<paramref name="cellId"/>&gt;.json (<see cref="CellRecordCheck"/>),
    /// against <paramref name="planned"/>, the config the current plan gives that cell, when known.
    /// Null when there is no such file.
    /// </summary>
    public CellFile? Inspect(string cellId, JsonObject? planned)
    {
        var path = CellPath(cellId);
        return File.Exists(path) ? Inspect(path, cellId, planned) : null;
    }

    /// <summary>
    /// Every file of cells/ (any shard, any run), read and verified, in file-name order; a file that
    /// does not parse is returned with its problem, never thrown. <paramref name="planned"/> gives the
    /// config of each cell the current plan knows (null for the others, or when no plan is at hand).
    /// </summary>
    public IReadOnlyList<CellFile> InspectAll(Func<string, JsonObject?>? planned = null)
    {
        if (!System.IO.Directory.Exists(CellsDirectory)) return [];
        return System.IO.Directory.EnumerateFiles(CellsDirectory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var id = Path.GetFileNameWithoutExtension(path);
                return Inspect(path, id, planned?.Invoke(id));
            })
            .ToArray();
    }

    public void Write(CellRecord record) =>
        AtomicFile.WriteAllText(CellPath(record.Id), JsonSerializer.Serialize(record, ResultJson.Options) + "\n");

    /// <summary>A path inside the results folder as messages show it: relative, with '/' (e.g. <c>cells/0123abcd4567.json</c>).</summary>
    public string Relative(string path) => Path.GetRelativePath(Directory, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// Moves a results file that failed verification to quarantine/ (kept, never deleted), beside a
    /// &lt;file&gt;.reason.txt saying what it was, when and by what it was moved, and why. A name
    /// already taken there gets a number (<c>id.2.json</c>). Returns the new path, or null when the
    /// file is gone already (another shard of the run moved it first).
    /// </summary>
    public string? Quarantine(string path, string reason)
    {
        System.IO.Directory.CreateDirectory(QuarantineDirectory);
        var name = Path.GetFileName(path);
        for (var n = 1; ; n++)
        {
            var target = Path.Combine(QuarantineDirectory, n == 1 ? name : $"{Path.GetFileNameWithoutExtension(name)}.{n}{Path.GetExtension(name)}");
            if (File.Exists(target) || File.Exists(target + ReasonSuffix)) continue;
            try
            {
                File.Move(path, target, overwrite: false);
            }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
            catch (IOException) when (File.Exists(target)) { continue; }
            AtomicFile.WriteAllText(target + ReasonSuffix,
                $"file: {Relative(path)} (in {Directory})\n" +
                $"moved: {DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)} by lossbench run ({Cli.CliApp.Version})\n" +
                $"reason: {reason}\n");
            return target;
        }
    }

    private const string ReasonSuffix = ".reason.txt";

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

    /// <summary>
    /// Removes the temporary files of one cell (its record, weights and predictions) left by a killed
    /// writer. Call it only while holding the cell's claim (<see cref="CellClaims"/>): then no live
    /// process writes that cell's files, so none of them can be another run's work in progress.
    /// </summary>
    public void RemoveTemporaryFilesOf(string cellId)
    {
        foreach (var folder in new[] { CellsDirectory, WeightsDirectory, PredictionsDirectory })
            DeleteTemporaryFiles(folder, $".{cellId}.*.tmp", _ => true);
    }

    /// <summary>
    /// Removes temporary files that belong to no cell (benchmark.json, reports, quarantine notes) and
    /// have not been written to for <paramref name="unchangedFor"/>: such a file is written in well
    /// under a second and renamed at once, so one left unchanged that long has no live writer.
    /// </summary>
    public void RemoveAbandonedTemporaryFiles(TimeSpan unchangedFor)
    {
        var before = DateTime.UtcNow - unchangedFor;
        foreach (var folder in new[] { Directory, QuarantineDirectory })
            DeleteTemporaryFiles(folder, ".*.tmp", file => File.GetLastWriteTimeUtc(file) < before);
    }

    private static void DeleteTemporaryFiles(string folder, string pattern, Func<string, bool> abandoned)
    {
        if (!System.IO.Directory.Exists(folder)) return;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, pattern))
        {
            try
            {
                if (abandoned(file)) File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static CellFile Inspect(string path, string cellId, JsonObject? planned)
    {
        CellRecord record;
        try
        {
            record = JsonSerializer.Deserialize<CellRecord>(File.ReadAllText(path), ResultJson.Options)
                     ?? throw new InvalidDataException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            return new CellFile(path, null, $"not a LossBench cell record: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CellFile(path, null, $"cannot be read: {e.Message}");
        }
        return new CellFile(path, record, CellRecordCheck.Problem(record, cellId, planned));
    }
}
