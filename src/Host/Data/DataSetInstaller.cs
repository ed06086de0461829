namespace LossBench.Host.Data;

/// <summary>What <see cref="DataSetInstaller.InstallAsync"/> did: the data set's folder, its files, and whether it was there already.</summary>
public sealed record InstallResult(DataSource Source, string Folder, IReadOnlyList<string> Files, bool AlreadyPresent);

/// <summary>
/// Makes one data set ready under <c>&lt;root&gt;/&lt;name&gt;/</c>. Downloads go to
/// <c>&lt;root&gt;/.&lt;name&gt;.download/</c> (kept across runs, so a broken download resumes); once
/// every file is verified, the data set is assembled in a temporary folder beside the target
/// (files moved in, or archives unpacked, then <see cref="DataSetManifest"/> written) and renamed into
/// place. The final name therefore only ever holds a complete, verified data set; on any failure the
/// temporary folder is removed and an existing data set is left as it was.
/// </summary>
public sealed class DataSetInstaller(FileDownloader downloader, TextWriter log)
{
    public static string FolderOf(string root, DataSource source) => Path.Combine(Path.GetFullPath(root), source.Name);

    public static string StagingFolderOf(string root, DataSource source) => Path.Combine(Path.GetFullPath(root), $".{source.Name}.download");

    public async Task<InstallResult> InstallAsync(DataSource source, string root, Uri? mirror, bool force, CancellationToken cancellation)
    {
        var folder = FolderOf(root, source);
        if (Directory.Exists(folder) && !force)
        {
            if (DataSetManifest.Check(source, folder) is { } problem)
                throw new DataSetException($"{folder} exists but is not a complete {source.Name} download: {problem}. Use --force to replace it.");
            return new InstallResult(source, folder, DataSetManifest.FilesIn(folder), AlreadyPresent: true);
        }
        if (File.Exists(folder)) throw new DataSetException($"{folder} is a file; the data set needs that name for its folder");

        var staging = StagingFolderOf(root, source);
        if (force && Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var downloaded = new List<(DataFile File, Uri? Address)>();
        try
        {
            await DownloadAllAsync(source, staging, mirror, downloaded, cancellation);
        }
        catch
        {
            // Keep what arrived (the next run resumes it); a folder with nothing in it helps no one.
            if (!Directory.EnumerateFileSystemEntries(staging).Any()) Directory.Delete(staging);
            throw;
        }

        var assembly = Path.Combine(Path.GetDirectoryName(folder)!, $".{source.Name}.unpack-{Guid.NewGuid():N}");
        Directory.CreateDirectory(assembly);
        try
        {
            Assemble(source, staging, assembly);
            DataSetManifest.Describe(source, downloaded, assembly).WriteTo(assembly);
            ReplaceFolder(assembly, folder);
        }
        catch
        {
            if (Directory.Exists(assembly)) Directory.Delete(assembly, recursive: true);
            throw;
        }
        Directory.Delete(staging, recursive: true);
        return new InstallResult(source, folder, DataSetManifest.FilesIn(folder), AlreadyPresent: false);
    }

    private async Task DownloadAllAsync(DataSource source, string staging, Uri? mirror, List<(DataFile File, Uri? Address)> downloaded, CancellationToken cancellation)
    {
        foreach (var file in source.Files)
        {
            var path = Path.Combine(staging, file.Name);
            var addresses = source.AddressesOf(file, mirror);
            if (File.Exists(path) && file.Checksum.ComputeFor(path) == file.Checksum.Hex)
            {
                log.WriteLine($"  {file.Name}: downloaded before, {file.Checksum.Algorithm} verified");
                downloaded.Add((file, null)); // which address served it was not kept
                continue;
            }
            log.WriteLine($"  {file.Name}: downloading ({DataSize.Format(file.Size)}){(File.Exists(path + FileDownloader.PartialSuffix) ? ", resuming a broken download" : "")}");
            var address = await downloader.DownloadAsync(file, addresses, path, cancellation);
            log.WriteLine($"  {file.Name}: {file.Checksum.Algorithm} verified (from {address})");
            downloaded.Add((file, address));
        }
    }

    private static void Assemble(DataSource source, string staging, string assembly)
    {
        switch (source.Layout)
        {
            case DataLayout.KeepFiles:
                foreach (var file in source.Files) File.Copy(Path.Combine(staging, file.Name), Path.Combine(assembly, file.Name));
                break;
            case DataLayout.UnpackTarGz unpack:
                foreach (var file in source.Files)
                {
                    try
                    {
                        ArchiveUnpacker.ExtractTarGz(Path.Combine(staging, file.Name), assembly, unpack.TopFolder);
                    }
                    catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
                    {
                        throw new DataSetException($"{file.Name} could not be unpacked: {e.Message}", e);
                    }
                }
                var missing = unpack.ExpectedFiles.Where(f => !File.Exists(Path.Combine(assembly, f))).ToArray();
                if (missing.Length > 0)
                    throw new DataSetException($"{string.Join(", ", source.Files.Select(f => f.Name))} did not contain {string.Join(", ", missing)} under {unpack.TopFolder}/");
                break;
            default:
                throw new InvalidOperationException($"unknown layout {source.Layout}");
        }
    }

    /// <summary>Renames the assembled folder to the final name; a data set already there (--force) is moved aside first and deleted after.</summary>
    private static void ReplaceFolder(string assembly, string folder)
    {
        if (!Directory.Exists(folder))
        {
            Directory.Move(assembly, folder);
            return;
        }
        var old = Path.Combine(Path.GetDirectoryName(folder)!, $".{Path.GetFileName(folder)}.old-{Guid.NewGuid():N}");
        Directory.Move(folder, old);
        try
        {
            Directory.Move(assembly, folder);
        }
        catch
        {
            Directory.Move(old, folder);
            throw;
        }
        Directory.Delete(old, recursive: true);
    }

}
