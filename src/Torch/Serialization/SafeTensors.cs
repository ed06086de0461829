using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace LossBench.Torch.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, a UTF-8 JSON
/// header of N bytes mapping each name to {dtype, shape, data_offsets: [begin, end]} (offsets
/// relative to the end of the header) plus an optional "__metadata__" string map, then the raw
/// little-endian, row-major tensor bytes. Files are written to a temporary name and renamed, so a
/// crash never leaves a half-written file under the final name.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly Dictionary<ScalarType, string> DtypeNames = new()
    {
        [ScalarType.Float64] = "F64",
        [ScalarType.Float32] = "F32",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16",
        [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8",
        [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Writes the tensors (copied to CPU) in name order, with optional string metadata.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = Serialize(tensors, metadata);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// The bytes of a safetensors file holding the tensors (copied to CPU) in name order, with
    /// optional string metadata: the same tensors and metadata always give the same bytes, so a
    /// caller can hash them and write them where it chooses.
    /// </summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var payloads = new List<byte[]>(names.Count);
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var tensor = tensors[name];
                if (!DtypeNames.TryGetValue(tensor.dtype, out var dtype))
                    throw new NotSupportedException($"safetensors: tensor '{name}' has unsupported dtype {tensor.dtype}");
                var bytes = tensor.ToBytes();
                payloads.Add(bytes);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var s in tensor.shape) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes.LongLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes.LongLength;
            }
            json.WriteEndObject();
        }
        // The format pads the header with spaces so that the data starts 8-byte aligned.
        var header = headerStream.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        using var file = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(header);
        for (var i = header.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var payload in payloads) file.Write(payload);
        return file.ToArray();
    }

    /// <summary>Reads every tensor of a file (on the CPU), validating the header against the file size.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata) =>
        Load(File.ReadAllBytes(path), path, out metadata);

    /// <summary>
    /// Reads every tensor of a file's bytes already in memory (e.g. bytes whose checksum was just
    /// verified, so that what is loaded is exactly what was checked); <paramref name="path"/> names
    /// the source in errors.
    /// </summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes, string path, out Dictionary<string, string> metadata)
    {
        var entries = ReadEntries(bytes, path, out metadata);
        var result = new Dictionary<string, Tensor>();
        foreach (var entry in entries)
            result[entry.Name] = torch.from_bytes(entry.Data.Span, entry.Shape, entry.Type);
        return result;
    }

    /// <summary>
    /// The header of a safetensors file's bytes, checked, with each tensor's bytes as a slice of
    /// <paramref name="bytes"/>: no libtorch involved, so a reader that only needs the numbers (the
    /// report's per-example outcomes) does not load the native library.
    /// </summary>
    public static IReadOnlyList<RawTensor> ReadEntries(byte[] bytes, string path, out Dictionary<string, string> metadata)
    {
        if (bytes.Length < 8) throw Invalid(path, $"the file has {bytes.Length} bytes, fewer than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw Invalid(path, $"header length {headerLength} does not fit in a file of {bytes.Length} bytes");
        var dataStart = 8 + (int)headerLength;
        var dataLength = bytes.Length - dataStart;
        metadata = new Dictionary<string, string>();
        var result = new List<RawTensor>();
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(path, "the header is not a JSON object");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    foreach (var m in entry.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                var dtypeName = entry.Value.GetProperty("dtype").GetString();
                var type = DtypeNames.FirstOrDefault(kv => kv.Value == dtypeName);
                if (type.Value is null) throw Invalid(path, $"tensor '{entry.Name}' has unknown dtype '{dtypeName}'");
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Invalid(path, $"tensor '{entry.Name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes");
                var count = shape.Aggregate(1L, (a, b) => a * b);
                if (count * type.Key.ElementSize() != offsets[1] - offsets[0])
                    throw Invalid(path, $"tensor '{entry.Name}' of shape [{string.Join(", ", shape)}] {dtypeName} needs {count * type.Key.ElementSize()} bytes but its offsets span {offsets[1] - offsets[0]}");
                result.Add(new RawTensor(entry.Name, type.Key, shape, bytes.AsMemory(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]))));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Invalid(path, "malformed header: " + e.Message);
        }
        return result;
    }

    private static InvalidDataException Invalid(string path, string what) => new($"{path}: not a valid safetensors file: {what}");
}

/// <summary>One tensor of a safetensors file as stored: its name, element type, shape and little-endian, row-major bytes.</summary>
public sealed record RawTensor(string Name, ScalarType Type, long[] Shape, ReadOnlyMemory<byte> Data);
