using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Serialization;

namespace LossBench.Host.Results;

/// <summary>
/// Per-example outcomes of a cell's evaluations, one safetensors file per cell:
/// results/&lt;benchmark&gt;/predictions/&lt;cell id&gt;.safetensors, with four 1-D tensors per
/// outcome set, named &lt;evaluation label&gt;/&lt;metric name&gt;/&lt;field&gt;:
/// <list type="bullet">
/// <item><c>index</c> I32: the example's index into the evaluated split;</item>
/// <item><c>predicted</c> I32: the predicted class;</item>
/// <item><c>label-probability</c> F32: p(label) under the trained loss's link;</item>
/// <item><c>correct</c> U8: 1 when the example counts as correct for the metric, else 0.</item>
/// </list>
/// Metadata <c>cell</c> (the cell id) and <c>predictions-format</c> (1). The file is written atomically
/// and its SHA-256 kept in the cell record (<see cref="CellRecord.Predictions"/>); a reader gets its
/// outcomes only from bytes that hash to that value, so a flipped byte, a truncated file or another
/// cell's file is reported, never read as results. The same outcomes always give the same bytes.
/// </summary>
public static class PredictionStore
{
    public const string IndexField = "index";
    public const string PredictedField = "predicted";
    public const string LabelProbabilityField = "label-probability";
    public const string CorrectField = "correct";
    public const string FormatVersion = "1";

    /// <summary>Writes the outcomes of a cell (by evaluation label, then metric name) atomically and returns what its record holds.</summary>
    public static PredictionsRecord Write(ResultStore store, string cellId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>> byEvaluation)
    {
        var bytes = Serialize(cellId, byEvaluation);
        AtomicFile.Write(store.PredictionsPath(cellId), stream => stream.Write(bytes));
        // The hash of the bytes written: they are the file's content once the rename is done.
        return new PredictionsRecord(ResultStore.RelativePredictionsPath(cellId).Replace(Path.DirectorySeparatorChar, '/'), Training.CachedWeights.Sha256(bytes));
    }

    /// <summary>The file's bytes for these outcomes (deterministic: tensors in name order).</summary>
    public static byte[] Serialize(string cellId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>> byEvaluation)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (label, byName) in byEvaluation)
        {
            if (string.IsNullOrEmpty(label)) throw new ArgumentException("an evaluation label must not be empty", nameof(byEvaluation));
            foreach (var (name, outcomes) in byName)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('/'))
                    throw new ArgumentException($"{label}: per-example outcomes named '{name}': a name must be non-empty and hold no '/'", nameof(byEvaluation));
                outcomes.Validate();
                var prefix = $"{label}/{name}/";
                tensors[prefix + IndexField] = torch.tensor(outcomes.Index);
                tensors[prefix + PredictedField] = torch.tensor(outcomes.Predicted);
                tensors[prefix + LabelProbabilityField] = torch.tensor(outcomes.LabelProbability);
                tensors[prefix + CorrectField] = torch.tensor(outcomes.Correct.Select(c => c ? (byte)1 : (byte)0).ToArray());
            }
        }
        return SafeTensors.Serialize(tensors, new Dictionary<string, string> { ["cell"] = cellId, ["predictions-format"] = FormatVersion });
    }

    /// <summary>
    /// The stored outcomes of cell <paramref name="cellId"/>: its record (cells/&lt;id&gt;.json) must
    /// verify (<see cref="ResultStore.Inspect(string, System.Text.Json.Nodes.JsonObject?)"/>) and its
    /// predictions file must hash to the SHA-256 the record holds. Throws
    /// <see cref="InvalidDataException"/> saying why otherwise (<see cref="FileNotFoundException"/> when a file is missing).
    /// </summary>
    public static CellPredictions Read(ResultStore store, string cellId)
    {
        var file = store.Inspect(cellId, null) ?? throw new FileNotFoundException($"{store.Relative(store.CellPath(cellId))} is missing: no record of cell {cellId}", store.CellPath(cellId));
        if (file.Problem is not null) throw new InvalidDataException($"{store.Relative(file.Path)} is not a usable record: {file.Problem}");
        return Read(store, file.Record!);
    }

    /// <summary>The stored outcomes of a (verified) cell record, checked against the SHA-256 it holds.</summary>
    public static CellPredictions Read(ResultStore store, CellRecord record)
    {
        var path = store.PredictionsPath(record.Id);
        if (record.Predictions is null)
            throw new InvalidDataException($"cell {record.Id} stored no per-example predictions (none of its evaluations gave any, or its record was written before predictions were stored)");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new FileNotFoundException($"{store.Relative(path)} is missing, though the record of cell {record.Id} names it", path); }
        catch (DirectoryNotFoundException) { throw new FileNotFoundException($"{store.Relative(path)} is missing, though the record of cell {record.Id} names it", path); }
        if (Problem(record.Predictions, Training.CachedWeights.Sha256(bytes)) is { } problem)
            throw new InvalidDataException($"{store.Relative(path)}: {problem}");
        return Parse(bytes, record.Id, store.Relative(path));
    }

    /// <summary>Why predictions hashing to <paramref name="sha256"/> are not the ones <paramref name="record"/> names, or null when they are.</summary>
    public static string? Problem(PredictionsRecord record, string sha256) =>
        string.Equals(record.Sha256, sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"its SHA-256 is {sha256}, and its cell record holds {record.Sha256} (damaged, or another cell's predictions)";

    /// <summary>
    /// For <c>run</c>: the stored outcomes of <paramref name="record"/> when its file verifies; otherwise
    /// null, with a damaged file moved to quarantine/ and <paramref name="message"/> told which file, why
    /// and <paramref name="then"/>. Null without moving anything when the record holds no predictions.
    /// </summary>
    public static CellPredictions? ReadVerified(ResultStore store, CellRecord record, string label, string then, Action<string> message)
    {
        if (record.Predictions is null) return null;
        var path = store.PredictionsPath(record.Id);
        try
        {
            return Read(store, record);
        }
        catch (FileNotFoundException e)
        {
            message($"{label}: {e.Message}; {then}");
            return null;
        }
        catch (Exception e) when (e is InvalidDataException)
        {
            string? moved;
            try { moved = store.Quarantine(path, e.Message); }
            catch (Exception q) when (q is IOException or UnauthorizedAccessException)
            {
                message($"{label}: {store.Relative(path)} could not be moved to quarantine ({q.Message}): {e.Message}; {then}");
                return null;
            }
            message($"{label}: quarantined {e.Message}" + (moved is null ? "" : $" (moved to {store.Relative(moved)})") + $"; {then}");
            return null;
        }
        catch (IOException e)
        {
            message($"{label}: {store.Relative(path)} cannot be read ({e.Message}); {then}");
            return null;
        }
    }

    /// <summary>Reads outcomes from verified bytes; <paramref name="source"/> names the file in errors.</summary>
    public static CellPredictions Parse(byte[] bytes, string cellId, string source)
    {
        // Read as raw little-endian arrays: the report needs the numbers, not libtorch (which it would otherwise load just for this).
        var tensors = SafeTensors.ReadEntries(bytes, source, out var metadata);
        if (metadata.GetValueOrDefault("cell") is var stored && stored != cellId)
            throw new InvalidDataException($"{source}: it holds the predictions of cell '{stored}', not of {cellId}");
        if (metadata.GetValueOrDefault("predictions-format") != FormatVersion)
            throw new InvalidDataException($"{source}: predictions format '{metadata.GetValueOrDefault("predictions-format")}', and this LossBench reads {FormatVersion}");
        var groups = new Dictionary<(string Label, string Name), Dictionary<string, RawTensor>>();
        foreach (var tensor in tensors)
        {
            var key = tensor.Name;
            var field = key.LastIndexOf('/');
            var nameStart = field > 0 ? key.LastIndexOf('/', field - 1) : -1;
            if (nameStart <= 0) throw new InvalidDataException($"{source}: tensor '{key}' is not named <evaluation label>/<name>/<field>");
            var group = (key[..nameStart], key[(nameStart + 1)..field]);
            if (!groups.TryGetValue(group, out var fields)) groups[group] = fields = new Dictionary<string, RawTensor>(StringComparer.Ordinal);
            fields[key[(field + 1)..]] = tensor;
        }
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>>(StringComparer.Ordinal);
        foreach (var ((label, name), fields) in groups)
        {
            ReadOnlySpan<byte> Field(string field, ScalarType dtype)
            {
                if (!fields.TryGetValue(field, out var t)) throw new InvalidDataException($"{source}: {label}/{name} has no '{field}' tensor");
                if (t.Type != dtype || t.Shape.Length != 1) throw new InvalidDataException($"{source}: {label}/{name}/{field} is {t.Type} of {t.Shape.Length} dimensions; expected a 1-D {dtype}");
                return t.Data.Span;
            }
            var correctBytes = Field(CorrectField, ScalarType.Byte).ToArray();
            if (correctBytes.Any(b => b > 1)) throw new InvalidDataException($"{source}: {label}/{name}/{CorrectField} holds values other than 0 and 1");
            var outcomes = new ExampleOutcomes(
                LittleEndian<int>(Field(IndexField, ScalarType.Int32)),
                LittleEndian<int>(Field(PredictedField, ScalarType.Int32)),
                LittleEndian<float>(Field(LabelProbabilityField, ScalarType.Float32)),
                correctBytes.Select(b => b == 1).ToArray());
            try { outcomes.Validate(); }
            catch (ArgumentException e) { throw new InvalidDataException($"{source}: {label}/{name}: {e.Message}"); }
            if (!result.TryGetValue(label, out var byName)) result[label] = byName = new SortedDictionary<string, ExampleOutcomes>(StringComparer.Ordinal);
            ((SortedDictionary<string, ExampleOutcomes>)byName)[name] = outcomes;
        }
        return new CellPredictions(cellId, result);
    }

    /// <summary>The values of stored little-endian bytes (safetensors is little-endian; so is every machine .NET runs this on, which the check makes sure of).</summary>
    private static T[] LittleEndian<T>(ReadOnlySpan<byte> bytes) where T : struct
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("reading predictions needs a little-endian machine");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }
}
