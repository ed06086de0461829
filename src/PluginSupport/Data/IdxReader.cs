using System.Buffers.Binary;
using System.IO.Compression;

namespace LossBench.PluginSupport.Data;

/// <summary>
/// Reads IDX files (the MNIST family's format), plain or gzip-compressed: a 4-byte magic number
/// (two zero bytes, a type code, the number of dimensions), one big-endian int32 per dimension,
/// then the data. Everything is validated and every error names the file.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    public static IdxArray Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = Decompress(path);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(path, "the gzip stream is corrupt or truncated (" + e.Message + ")");
        }
        catch (EndOfStreamException)
        {
            throw Invalid(path, "the gzip stream is truncated");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses IDX bytes already in memory; <paramref name="source"/> names them in errors.</summary>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 4) throw Invalid(source, $"the file has {bytes.Length} bytes, too few for the 4-byte magic number");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw Invalid(source, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: an IDX file starts with two zero bytes");
        var type = bytes[2];
        if (type != UnsignedByte)
            throw Invalid(source, $"element type 0x{type:X2} is not supported (only 0x08, unsigned byte)");
        int rank = bytes[3];
        if (rank == 0) throw Invalid(source, "the magic number declares zero dimensions");
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw Invalid(source, $"truncated header: {rank} dimensions need {headerLength} bytes, the file has {bytes.Length}");
        var dims = new int[rank];
        long expected = 1;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (d < 0) throw Invalid(source, $"dimension {i} is negative ({d})");
            dims[i] = d;
            expected *= d;
        }
        var actual = bytes.Length - headerLength;
        if (actual < expected)
            throw Invalid(source, $"truncated: the header declares [{string.Join(" x ", dims)}] = {expected} bytes of data but only {actual} follow");
        if (actual > expected)
            throw Invalid(source, $"{actual - expected} unexpected bytes after the {expected} bytes of data declared by the header [{string.Join(" x ", dims)}]");
        return new IdxArray(dims, bytes[headerLength..].ToArray());
    }

    private static byte[] Decompress(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        var n = file.Read(head);
        file.Position = 0;
        var isGzip = n == 2 && head[0] == 0x1f && head[1] == 0x8b;
        using var output = new MemoryStream();
        if (isGzip)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        else
        {
            file.CopyTo(output);
        }
        return output.ToArray();
    }

    private static InvalidDataException Invalid(string path, string what) => new($"{path}: not a valid IDX file: {what}");
}
