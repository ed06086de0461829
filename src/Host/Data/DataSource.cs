using System.Security.Cryptography;

namespace LossBench.Host.Data;

/// <summary>The hash a publisher gives for a file, with its algorithm (MD5 for the older data sets, SHA-256 where published).</summary>
public sealed record DataChecksum(string Algorithm, string Hex)
{
    public static DataChecksum Md5(string hex) => new("MD5", Normalize(hex, 32));

    public static DataChecksum Sha256(string hex) => new("SHA-256", Normalize(hex, 64));

    /// <summary>A fresh hasher for this checksum's algorithm, fed while the file downloads.</summary>
    public IncrementalHash CreateHasher() => Algorithm switch
    {
        "MD5" => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        "SHA-256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        _ => throw new InvalidOperationException($"unknown checksum algorithm {Algorithm}"),
    };

    /// <summary>This algorithm's hash of a whole file, as lower-case hex.</summary>
    public string ComputeFor(string path)
    {
        using var hasher = CreateHasher();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0) hasher.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hasher.GetHashAndReset());
    }

    public override string ToString() => $"{Algorithm} {Hex}";

    private static string Normalize(string hex, int length) =>
        hex.Length == length && hex.All(Uri.IsHexDigit)
            ? hex.ToLowerInvariant()
            : throw new ArgumentException($"'{hex}' is not a {length}-digit hex checksum");
}

/// <summary>One file as its publisher serves it: the name under each base address, its checksum and its published size in bytes.</summary>
public sealed record DataFile(string Name, DataChecksum Checksum, long Size);

/// <summary>What becomes of the downloaded files in the data set's folder.</summary>
public abstract record DataLayout
{
    /// <summary>The files are kept as downloaded (the IDX loader reads the .gz files itself).</summary>
    public sealed record KeepFiles : DataLayout;

    /// <summary>
    /// Each downloaded file is a .tar.gz whose entries all lie under <paramref name="TopFolder"/>; they
    /// are unpacked with that folder removed, so the files lie directly in the data set's folder.
    /// The archive is deleted afterwards. <paramref name="ExpectedFiles"/> must all be there.
    /// </summary>
    public sealed record UnpackTarGz(string TopFolder, IReadOnlyList<string> ExpectedFiles) : DataLayout;
}

/// <summary>
/// A data set <c>lossbench data get</c> can download: where its publisher serves it (base addresses
/// tried in order, each followed by the file name), its files with their checksums, how they are laid
/// out on disk, and the benchmark entry that reads the result.
/// </summary>
/// <param name="Name">The folder name under the data root and the name on the command line.</param>
/// <param name="BenchmarkEntry">The entry for a benchmark's <c>datasets:</c> list, given the data set's folder (already quoted for YAML).</param>
public sealed record DataSource(
    string Name,
    string Summary,
    string Homepage,
    IReadOnlyList<Uri> BaseAddresses,
    IReadOnlyList<DataFile> Files,
    DataLayout Layout,
    Func<string, string> BenchmarkEntry)
{
    public long TotalSize => Files.Sum(f => f.Size);

    /// <summary>The benchmark entry that reads this data set from <paramref name="folder"/>.</summary>
    public string EntryFor(string folder) => BenchmarkEntry(YamlScalar(folder));

    /// <summary>A path as a YAML scalar that is safe inside a flow mapping: plain when it holds only path characters, else single-quoted.</summary>
    public static string YamlScalar(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or '~') && !text.StartsWith('-') && !text.StartsWith('~')
            ? text
            : "'" + text.Replace("'", "''") + "'";

    /// <summary>The addresses to try for <paramref name="file"/>: each base address in order, or only the mirror's <c>&lt;mirror&gt;/&lt;name&gt;/&lt;file&gt;</c>.</summary>
    public IReadOnlyList<Uri> AddressesOf(DataFile file, Uri? mirror) =>
        mirror is not null
            ? [new Uri(WithTrailingSlash(mirror), $"{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(file.Name)}")]
            : BaseAddresses.Select(b => new Uri(WithTrailingSlash(b), Uri.EscapeDataString(file.Name))).ToArray();

    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
