using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using LossBench.Host.Data;

namespace LossBench.Host.Tests.Data;

/// <summary>Files the download tests make and serve: small gzipped IDX files and .tar.gz archives, with checksums computed here from the bytes made.</summary>
public static class DataFixtures
{
    public static readonly string[] IdxNames = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>A gzipped IDX file of <paramref name="count"/> 28x28 images (or labels) with seeded pixel values, as the publishers lay them out.</summary>
    public static byte[] GzippedIdx(bool images, int count, int seed)
    {
        var random = new Random(seed);
        var header = new byte[images ? 16 : 8];
        BinaryPrimitives.WriteInt32BigEndian(header, images ? 0x0803 : 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        if (images)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        }
        var payload = new byte[count * (images ? 28 * 28 : 1)];
        random.NextBytes(payload);
        if (!images) for (var i = 0; i < payload.Length; i++) payload[i] %= 10;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(payload);
        }
        return buffer.ToArray();
    }

    /// <summary>The four IDX files of a small MNIST-like data set, by publisher name.</summary>
    public static Dictionary<string, byte[]> IdxSet(int seed) => new()
    {
        [IdxNames[0]] = GzippedIdx(images: true, 60, seed),
        [IdxNames[1]] = GzippedIdx(images: false, 60, seed + 1),
        [IdxNames[2]] = GzippedIdx(images: true, 10, seed + 2),
        [IdxNames[3]] = GzippedIdx(images: false, 10, seed + 3),
    };

    /// <summary>A .tar.gz with one entry per (name, content); a null content makes a folder entry, a name starting with "link:" a symbolic link.</summary>
    public static byte[] TarGz(params (string Name, byte[]? Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                if (name.StartsWith("link:", StringComparison.Ordinal))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name["link:".Length..]) { LinkName = "/etc/passwd" });
                    continue;
                }
                var entry = new PaxTarEntry(content is null ? TarEntryType.Directory : TarEntryType.RegularFile, name);
                if (content is not null) entry.DataStream = new MemoryStream(content);
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static DataFile Md5File(string name, byte[] content) => new(name, DataChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(content))), content.Length);

    public static DataFile Sha256File(string name, byte[] content) => new(name, DataChecksum.Sha256(Convert.ToHexStringLower(SHA256.HashData(content))), content.Length);

    /// <summary>An IDX data set served from <paramref name="baseAddresses"/>, with MD5s of <paramref name="files"/>.</summary>
    public static DataSource IdxSource(string name, IReadOnlyDictionary<string, byte[]> files, params Uri[] baseAddresses) =>
        new(name, "test IDX set", "http://example.invalid/", baseAddresses,
            files.Select(f => Md5File(f.Key, f.Value)).ToArray(), new DataLayout.KeepFiles(), dir => $"idx: {{ dir: {dir} }}");

    /// <summary>A one-archive data set unpacked from <paramref name="topFolder"/>, with the archive's SHA-256.</summary>
    public static DataSource TarSource(string name, string archiveName, byte[] archive, string topFolder, string[] expected, params Uri[] baseAddresses) =>
        new(name, "test archive set", "http://example.invalid/", baseAddresses,
            [Sha256File(archiveName, archive)], new DataLayout.UnpackTarGz(topFolder, expected), dir => $"cifar10: {{ dir: {dir} }}");

    public static readonly DownloadSettings Fast = new(3, TimeSpan.Zero, TimeSpan.FromSeconds(10));
}

/// <summary>A temporary data root, deleted afterwards.</summary>
public sealed class TemporaryRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lossbench-data-").FullName;

    /// <summary>Every file and folder under the root, relative, sorted (hidden staging folders included).</summary>
    public string[] Entries() =>
        Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(Path, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
