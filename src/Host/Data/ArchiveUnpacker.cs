using System.Formats.Tar;
using System.IO.Compression;

namespace LossBench.Host.Data;

/// <summary>
/// Unpacks a publisher's .tar.gz into a folder, dropping the archive's one top folder so the files lie
/// directly inside. Every entry must stay inside that top folder: an absolute name, a <c>..</c>
/// segment, a backslash, a link or a device entry is refused (naming the entry) before anything is
/// written outside the destination, so a hostile or damaged archive cannot reach other files.
/// </summary>
public static class ArchiveUnpacker
{
    /// <summary>Extracts <paramref name="archive"/> into the existing, empty <paramref name="destination"/>; returns the files written, relative to it.</summary>
    public static IReadOnlyList<string> ExtractTarGz(string archive, string destination, string topFolder)
    {
        var root = Path.GetFullPath(destination);
        var written = new List<string>();
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
            var relative = RelativePath(entry.Name, topFolder, archive);
            if (relative is null) continue; // the top folder itself
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw Unsafe(archive, entry.Name, "it would land outside the destination folder");

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    try
                    {
                        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                        entry.DataStream?.CopyTo(output);
                    }
                    catch (IOException) when (File.Exists(target))
                    {
                        throw Unsafe(archive, entry.Name, "the archive holds this file twice");
                    }
                    written.Add(relative.Replace(Path.DirectorySeparatorChar, '/'));
                    break;
                default:
                    throw Unsafe(archive, entry.Name, $"it is a {entry.EntryType} entry; only files and folders are unpacked");
            }
        }
        return written;
    }

    /// <summary>The entry's path below the top folder, checked segment by segment; null for the top folder itself.</summary>
    private static string? RelativePath(string name, string topFolder, string archive)
    {
        if (name.Length == 0 || name.Contains('\\') || name.Contains('\0'))
            throw Unsafe(archive, name, "the name is empty or holds a backslash or NUL");
        if (name.StartsWith('/')) throw Unsafe(archive, name, "the name is an absolute path");
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains("..")) throw Unsafe(archive, name, "the name climbs out with '..'");
        if (segments.Length == 0 || segments[0] != topFolder)
            throw Unsafe(archive, name, $"it lies outside the archive's folder {topFolder}/");
        return segments.Length == 1 ? null : Path.Combine(segments[1..]);
    }

    private static DataSetException Unsafe(string archive, string entry, string why) =>
        new($"{Path.GetFileName(archive)}: refused to unpack entry '{entry}': {why}");
}
