using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LossBench.Host.Data;

namespace LossBench.Host.Tests.Data;

public sealed class DataSetInstallerTests : IDisposable
{
    private readonly LocalFileServer _server = new();
    private readonly TemporaryRoot _root = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
        _root.Dispose();
    }

    private async Task<(InstallResult Result, string Log)> Install(DataSource source, bool force = false)
    {
        var log = new StringWriter();
        var installer = new DataSetInstaller(new FileDownloader(_http, DataFixtures.Fast, DownloadProgress.Silent), log);
        var result = await installer.InstallAsync(source, _root.Path, null, force, CancellationToken.None);
        return (result, log.ToString());
    }

    private DataSource ServedIdxSet(string name, Dictionary<string, byte[]> files)
    {
        foreach (var (file, content) in files) _server.Serve($"pub/{file}", content);
        return DataFixtures.IdxSource(name, files, new Uri(_server.BaseAddress, "pub/"));
    }

    private static readonly byte[] Batch1 = Encoding.ASCII.GetBytes("batch one bytes");
    private static readonly byte[] TestBatch = Encoding.ASCII.GetBytes("test batch bytes, a little longer");
    private static readonly byte[] Meta = Encoding.ASCII.GetBytes("airplane\nautomobile\n");

    private DataSource ServedArchive(byte[] archive, string[]? expected = null)
    {
        _server.Serve("pub/fake-binary.tar.gz", archive);
        return DataFixtures.TarSource("fakecifar", "fake-binary.tar.gz", archive, "fake-batches-bin",
            expected ?? ["data_batch_1.bin", "test_batch.bin", "batches.meta.txt"], new Uri(_server.BaseAddress, "pub/"));
    }

    [Fact]
    public async Task AnIdxSetLandsInItsFolderAsServedAndNothingElseRemains()
    {
        var files = DataFixtures.IdxSet(seed: 1);
        var (result, log) = await Install(ServedIdxSet("fake", files));

        Assert.Equal(Path.Combine(_root.Path, "fake"), result.Folder);
        Assert.False(result.AlreadyPresent);
        string[] expected = ["fake", .. files.Keys.Append(DataSetManifest.FileName).Select(f => "fake/" + f).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, _root.Entries());
        foreach (var (name, content) in files) Assert.Equal(content, File.ReadAllBytes(Path.Combine(result.Folder, name)));
        Assert.Equal(4, Regex.Count(log, "MD5 verified"));
        Assert.All(_server.Requests, r => Assert.Null(r.Range));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Folder, DataSetManifest.FileName)));
        var recorded = manifest.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.Equal(files.ToDictionary(f => f.Key, f => (string?)Convert.ToHexStringLower(SHA256.HashData(f.Value))), recorded);
        var sources = manifest.RootElement.GetProperty("sources").EnumerateArray().ToArray();
        Assert.All(sources, s => Assert.StartsWith(_server.BaseAddress + "pub/", s.GetProperty("address").GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnArchiveIsUnpackedWithoutItsTopFolderAndThenDeleted()
    {
        var archive = DataFixtures.TarGz(("fake-batches-bin/", null), ("fake-batches-bin/data_batch_1.bin", Batch1),
            ("./fake-batches-bin/test_batch.bin", TestBatch), ("fake-batches-bin/batches.meta.txt", Meta));

        var (result, _) = await Install(ServedArchive(archive));

        string[] expected = ["fakecifar", "fakecifar/batches.meta.txt", "fakecifar/data_batch_1.bin", "fakecifar/lossbench-data.json", "fakecifar/test_batch.bin"];
        Assert.Equal(expected, _root.Entries());
        Assert.Equal(Batch1, File.ReadAllBytes(Path.Combine(result.Folder, "data_batch_1.bin")));
        Assert.Equal(TestBatch, File.ReadAllBytes(Path.Combine(result.Folder, "test_batch.bin")));
        Assert.Equal(Meta, File.ReadAllBytes(Path.Combine(result.Folder, "batches.meta.txt")));
    }

    [Fact]
    public async Task PathTraversalIsRefusedAndNoFolderAppears()
    {
        var escape = $"escaped-{Guid.NewGuid():N}.txt";
        var archive = DataFixtures.TarGz(("fake-batches-bin/data_batch_1.bin", Batch1), ($"fake-batches-bin/../../{escape}", Meta),
            ("fake-batches-bin/test_batch.bin", TestBatch), ("fake-batches-bin/batches.meta.txt", Meta));

        var failure = await Assert.ThrowsAsync<DataSetException>(() => Install(ServedArchive(archive)));

        Assert.Contains($"refused to unpack entry 'fake-batches-bin/../../{escape}'", failure.Message);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "fakecifar")));
        Assert.DoesNotContain(_root.Entries(), e => e.Contains(".unpack-", StringComparison.Ordinal) || e.EndsWith(escape, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root.Path)!, escape)));
    }

    [Fact]
    public async Task AnArchiveMissingAnExpectedFileLeavesNoFolder()
    {
        var archive = DataFixtures.TarGz(("fake-batches-bin/data_batch_1.bin", Batch1), ("fake-batches-bin/batches.meta.txt", Meta));

        var failure = await Assert.ThrowsAsync<DataSetException>(() => Install(ServedArchive(archive)));

        Assert.Contains("did not contain test_batch.bin under fake-batches-bin/", failure.Message);
        Assert.DoesNotContain(_root.Entries(), e => e.StartsWith("fakecifar", StringComparison.Ordinal) || e.Contains(".unpack-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACompleteDataSetIsNotDownloadedAgainUntilForced()
    {
        var source = ServedIdxSet("fake", DataFixtures.IdxSet(seed: 2));
        await Install(source);
        var requests = _server.Requests.Count;

        var (again, _) = await Install(source);
        Assert.True(again.AlreadyPresent);
        Assert.Equal(requests, _server.Requests.Count);

        var (forced, _) = await Install(source, force: true);
        Assert.False(forced.AlreadyPresent);
        Assert.Equal(2 * requests, _server.Requests.Count);
        Assert.Null(DataSetManifest.Check(source, forced.Folder));
    }

    [Fact]
    public async Task AChangedFileIsNoticedAndForceReplacesIt()
    {
        var files = DataFixtures.IdxSet(seed: 3);
        var source = ServedIdxSet("fake", files);
        var (result, _) = await Install(source);
        var changed = Path.Combine(result.Folder, DataFixtures.IdxNames[1]);
        var bytes = File.ReadAllBytes(changed);
        bytes[^1] ^= 0x10;
        File.WriteAllBytes(changed, bytes);

        var failure = await Assert.ThrowsAsync<DataSetException>(() => Install(source));
        Assert.Contains($"{DataFixtures.IdxNames[1]} has changed", failure.Message);
        Assert.Contains("--force", failure.Message);

        await Install(source, force: true);
        Assert.Equal(files[DataFixtures.IdxNames[1]], File.ReadAllBytes(changed));
    }

    [Fact]
    public async Task AFailedForcedDownloadKeepsTheDataSetThatWasThere()
    {
        var files = DataFixtures.IdxSet(seed: 4);
        var source = ServedIdxSet("fake", files);
        await Install(source);
        var tampered = (byte[])files[DataFixtures.IdxNames[0]].Clone();
        tampered[20] ^= 0xFF;
        _server.Serve($"pub/{DataFixtures.IdxNames[0]}", tampered);

        await Assert.ThrowsAsync<DataSetException>(() => Install(source, force: true));

        var folder = Path.Combine(_root.Path, "fake");
        Assert.Null(DataSetManifest.Check(source, folder));
        Assert.Equal(files[DataFixtures.IdxNames[0]], File.ReadAllBytes(Path.Combine(folder, DataFixtures.IdxNames[0])));
    }

    [Fact]
    public async Task AFolderThatIsInTheWayIsNotTouched()
    {
        var source = ServedIdxSet("fake", DataFixtures.IdxSet(seed: 5));
        var folder = Directory.CreateDirectory(Path.Combine(_root.Path, "fake")).FullName;
        File.WriteAllText(Path.Combine(folder, "mine.txt"), "keep");

        var failure = await Assert.ThrowsAsync<DataSetException>(() => Install(source));

        Assert.Contains($"{folder} exists but is not a complete fake download", failure.Message);
        Assert.Contains(DataSetManifest.FileName, failure.Message);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(folder, "mine.txt")));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AnInterruptedDownloadResumesOnTheNextRun()
    {
        var files = DataFixtures.IdxSet(seed: 6);
        var source = ServedIdxSet("fake", files);
        var big = DataFixtures.IdxNames[0];
        // The first run breaks off after 100 bytes of the first file, then the server is busy for longer than the attempts allow.
        _server.DropOnce($"pub/{big}", 100);
        _server.AnswerWith($"pub/{big}", 503, 503, 503);
        await Assert.ThrowsAsync<DataSetException>(() => Install(source));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "fake")));
        var staged = Path.Combine(DataSetInstaller.StagingFolderOf(_root.Path, source), big + FileDownloader.PartialSuffix);
        Assert.Equal(100, new FileInfo(staged).Length);

        var (result, log) = await Install(source);

        Assert.Contains($"{big}: downloading", log);
        Assert.Contains("resuming a broken download", log);
        Assert.Equal(new ServedRequest($"/pub/{big}", "bytes=100-"), _server.RequestsFor($"pub/{big}")[^1]);
        Assert.Equal(files[big], File.ReadAllBytes(Path.Combine(result.Folder, big)));
        Assert.False(Directory.Exists(DataSetInstaller.StagingFolderOf(_root.Path, source)));
    }
}
