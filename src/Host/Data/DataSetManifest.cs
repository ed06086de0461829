using System.Security.Cryptography;
using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Data;

/// <summary>
/// <c>lossbench-data.json</c> in a downloaded data set's folder: which publisher files (with their
/// checksums and addresses) it was made from, and every file it holds with its size and SHA-256. It is
/// written into the folder before the folder gets its final name, so its presence means the data
/// set was completely downloaded and verified; <see cref="Check"/> verifies the files again.
/// </summary>
public sealed record DataSetManifest(string Dataset, IReadOnlyList<DataSetManifest.Source> Sources, IReadOnlyList<DataSetManifest.Entry> Files)
{
    public const string FileName = "lossbench-data.json";

    public sealed record Source(string File, string Algorithm, string Checksum, string? Address);

    public sealed record Entry(string Name, long Size, string Sha256);

    /// <summary>The files in <paramref name="folder"/> and below, but the manifest, as '/'-separated relative names in ordinal order.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => name != FileName)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Describes the files now in <paramref name="folder"/> (all but the manifest itself).</summary>
    public static DataSetManifest Describe(DataSource source, IReadOnlyList<(DataFile File, Uri? Address)> downloaded, string folder)
    {
        var entries = FilesIn(folder)
            .Select(name => new Entry(name, new FileInfo(Path.Combine(folder, name)).Length, Sha256Of(Path.Combine(folder, name))))
            .ToArray();
        var sources = downloaded.Select(d => new Source(d.File.Name, d.File.Checksum.Algorithm, d.File.Checksum.Hex, d.Address?.AbsoluteUri)).ToArray();
        return new DataSetManifest(source.Name, sources, entries);
    }

    public void WriteTo(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, ResultJson.Options) + "\n");

    /// <summary>
    /// Null when <paramref name="folder"/> holds a complete download of <paramref name="source"/> from
    /// the publisher files the catalog names now, every file with its recorded size and SHA-256;
    /// otherwise what is wrong.
    /// </summary>
    public static string? Check(DataSource source, string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return $"it has no {FileName}, so it was not made by lossbench data get";
        DataSetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DataSetManifest>(File.ReadAllText(path), ResultJson.Options);
        }
        catch (JsonException e)
        {
            return $"{path} is not readable: {e.Message}";
        }
        if (manifest is null || manifest.Dataset != source.Name || manifest.Sources is null || manifest.Files is null)
            return $"{path} does not describe {source.Name}";
        var expected = source.Files.Select(f => (f.Name, f.Checksum.Algorithm, f.Checksum.Hex)).Order();
        var recorded = manifest.Sources.Select(s => (Name: s.File, s.Algorithm, Hex: s.Checksum)).Order();
        if (!expected.SequenceEqual(recorded)) return "it was made from other publisher files than the catalog names now";
        foreach (var entry in manifest.Files)
        {
            var file = Path.Combine(folder, entry.Name);
            if (!File.Exists(file)) return $"{entry.Name} is missing";
            if (new FileInfo(file).Length != entry.Size) return $"{entry.Name} has changed size";
            if (Sha256Of(file) != entry.Sha256) return $"{entry.Name} has changed (SHA-256 differs)";
        }
        return null;
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
