using System.Security.Cryptography;
using LossBench.Host.Data;

namespace LossBench.Host.Tests.Data;

public sealed class DownloaderTests : IDisposable
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

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private FileDownloader Downloader(DownloadSettings? settings = null) => new(_http, settings ?? DataFixtures.Fast, DownloadProgress.Silent);

    private string Destination => Path.Combine(_root.Path, "file.bin");

    [Fact]
    public async Task ResumesWithARangeRequestAfterTheServerDropsTheConnectionMidFile()
    {
        var content = RandomBytes(50_000, 1);
        var address = _server.Serve("d/file.bin", content);
        _server.DropOnce("d/file.bin", 20_000);

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal([new ServedRequest("/d/file.bin", null), new ServedRequest("/d/file.bin", "bytes=20000-")], _server.Requests);
        Assert.Equal(content, File.ReadAllBytes(Destination));
        Assert.False(File.Exists(Destination + FileDownloader.PartialSuffix));
    }

    [Fact]
    public async Task ResumesAPartialFileLeftByAnEarlierRun()
    {
        var content = RandomBytes(40_000, 2);
        var address = _server.Serve("d/file.bin", content);
        File.WriteAllBytes(Destination + FileDownloader.PartialSuffix, content[..12_345]);

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal([new ServedRequest("/d/file.bin", "bytes=12345-")], _server.Requests);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task StartsOverWhenTheServerIgnoresTheRange()
    {
        var content = RandomBytes(30_000, 3);
        var address = _server.Serve("d/file.bin", content);
        _server.HonourRange = false;
        // Bytes that are not the file's start: appending to them would break the checksum.
        File.WriteAllBytes(Destination + FileDownloader.PartialSuffix, Enumerable.Repeat((byte)0xFF, 1000).ToArray());

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal([new ServedRequest("/d/file.bin", "bytes=1000-")], _server.Requests);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task APartialThatIsAlreadyWholeIsSettledBy416()
    {
        var content = RandomBytes(5_000, 4);
        var address = _server.Serve("d/file.bin", content);
        File.WriteAllBytes(Destination + FileDownloader.PartialSuffix, content);

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal([new ServedRequest("/d/file.bin", "bytes=5000-")], _server.Requests);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task APartialLongerThanTheFileStartsOverAfter416()
    {
        var content = RandomBytes(5_000, 5);
        var address = _server.Serve("d/file.bin", content);
        File.WriteAllBytes(Destination + FileDownloader.PartialSuffix, RandomBytes(7_000, 6));

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal([new ServedRequest("/d/file.bin", "bytes=7000-"), new ServedRequest("/d/file.bin", null)], _server.Requests);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task ATamperedFileIsDeletedAndTheErrorNamesBothChecksums()
    {
        var content = RandomBytes(20_000, 7);
        var tampered = (byte[])content.Clone();
        tampered[12_000] ^= 0x01;
        var address = _server.Serve("d/file.bin", tampered);

        var failure = await Assert.ThrowsAsync<DataSetException>(() =>
            Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None));

        Assert.Contains("file.bin", failure.Message);
        Assert.Contains($"expected MD5 {Convert.ToHexStringLower(MD5.HashData(content))}", failure.Message);
        Assert.Contains($"got {Convert.ToHexStringLower(MD5.HashData(tampered))}", failure.Message);
        Assert.False(File.Exists(Destination));
        Assert.False(File.Exists(Destination + FileDownloader.PartialSuffix));
    }

    [Fact]
    public async Task SHA256ChecksumsAreVerifiedToo()
    {
        var content = RandomBytes(3_000, 8);
        var address = _server.Serve("d/file.bin", content);
        var wrong = DataFixtures.Sha256File("file.bin", RandomBytes(3_000, 9));

        var failure = await Assert.ThrowsAsync<DataSetException>(() => Downloader().DownloadAsync(wrong, [address], Destination, CancellationToken.None));

        Assert.Contains($"got {Convert.ToHexStringLower(SHA256.HashData(content))}", failure.Message);
        await Downloader().DownloadAsync(DataFixtures.Sha256File("file.bin", content), [address], Destination, CancellationToken.None);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task TransientErrorsAreRetried()
    {
        var content = RandomBytes(1_000, 10);
        var address = _server.Serve("d/file.bin", content);
        _server.AnswerWith("d/file.bin", 503, 500);

        await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [address], Destination, CancellationToken.None);

        Assert.Equal(3, _server.RequestsFor("d/file.bin").Count);
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task AfterTheAttemptsTheNextAddressIsTriedAndAMissingFileIsNotRetried()
    {
        var content = RandomBytes(1_000, 11);
        var busy = _server.Serve("busy/file.bin", content);
        _server.AnswerWith("busy/file.bin", 503, 503, 503);
        var missing = new Uri(_server.BaseAddress, "missing/file.bin");
        var good = _server.Serve("good/file.bin", content);

        var served = await Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [busy, missing, good], Destination, CancellationToken.None);

        Assert.Equal(good, served);
        Assert.Equal(DataFixtures.Fast.AttemptsPerAddress, _server.RequestsFor("busy/file.bin").Count);
        Assert.Single(_server.RequestsFor("missing/file.bin"));
        Assert.Equal(content, File.ReadAllBytes(Destination));
    }

    [Fact]
    public async Task WhenEveryAddressFailsTheErrorSaysWhatEachAnswered()
    {
        var content = RandomBytes(1_000, 12);
        var busy = _server.Serve("busy/file.bin", content);
        _server.AnswerWith("busy/file.bin", 503, 503, 503);
        var missing = new Uri(_server.BaseAddress, "missing/file.bin");

        var failure = await Assert.ThrowsAsync<DataSetException>(() =>
            Downloader().DownloadAsync(DataFixtures.Md5File("file.bin", content), [busy, missing], Destination, CancellationToken.None));

        Assert.Contains($"{busy}: HTTP 503", failure.Message);
        Assert.Contains("gave up after 3 attempts", failure.Message);
        Assert.Contains($"{missing}: HTTP 404", failure.Message);
        Assert.False(File.Exists(Destination));
    }

    /// <summary>Counts the body bytes the downloader reads, as the HTTP stack hands them over.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private long _read;

        public long BodyBytesRead => Interlocked.Read(ref _read);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var inner = response.Content;
            var counted = new StreamContent(new CountingStream(await inner.ReadAsStreamAsync(cancellationToken), n => Interlocked.Add(ref _read, n)));
            foreach (var (name, values) in inner.Headers) counted.Headers.TryAddWithoutValidation(name, values);
            response.Content = counted;
            return response;
        }
    }

    private sealed class CountingStream(Stream inner, Action<int> count) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int length)
        {
            var read = inner.Read(buffer, offset, length);
            count(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            count(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, length), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    // A 100,000-byte file is accepted up to 100,000 + max(64 KiB, 1%) = 165,536 bytes.
    private const int Published = 100_000;
    private const long Accepted = 165_536;

    [Fact]
    public async Task ABodyWithoutALengthThatRunsPastThePublishedSizeIsCutOffAndTheNextAddressTried()
    {
        // 300 times the file, sent without Content-Length: the downloader only finds out by reading.
        var content = RandomBytes(Published, 11);
        var endless = _server.Serve("bad/file.bin", RandomBytes(300 * Published, 12));
        var good = _server.Serve("good/file.bin", content);
        _server.AnnounceLength = false;
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var downloader = new FileDownloader(http, DataFixtures.Fast, DownloadProgress.Silent);
        var file = DataFixtures.Md5File("file.bin", content);

        await downloader.DownloadAsync(file, [endless, good], Destination, CancellationToken.None);

        // The endless body is read one byte past the limit, then the whole good file.
        Assert.Equal(Accepted + 1 + Published, counting.BodyBytesRead);
        Assert.Equal(content, File.ReadAllBytes(Destination));
        // Too large is not transient: the bad address is asked once.
        Assert.Single(_server.RequestsFor("bad/file.bin"));
    }

    [Fact]
    public async Task WhenEveryAddressSendsTooMuchTheErrorSaysSoAndNothingIsKept()
    {
        var content = RandomBytes(Published, 13);
        var endless = _server.Serve("bad/file.bin", RandomBytes(300 * Published, 14));
        _server.AnnounceLength = false;
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var downloader = new FileDownloader(http, DataFixtures.Fast, DownloadProgress.Silent);

        var error = await Assert.ThrowsAsync<DataSetException>(() => downloader.DownloadAsync(DataFixtures.Md5File("file.bin", content), [endless], Destination, CancellationToken.None));

        Assert.Contains($"{endless}: the server sent more than {Accepted} bytes for file.bin, whose published size is {Published} bytes; " +
                        "the transfer was stopped there and the partial file deleted", error.Message);
        Assert.True(counting.BodyBytesRead <= Accepted + 1, $"read {counting.BodyBytesRead} bytes");
        Assert.Empty(_root.Entries());
    }

    [Fact]
    public async Task AnAnnouncedLengthPastThePublishedSizeIsRefusedBeforeTheBodyIsRead()
    {
        var content = RandomBytes(Published, 15);
        var large = _server.Serve("bad/file.bin", RandomBytes(300 * Published, 16));
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var downloader = new FileDownloader(http, DataFixtures.Fast, DownloadProgress.Silent);

        var error = await Assert.ThrowsAsync<DataSetException>(() => downloader.DownloadAsync(DataFixtures.Md5File("file.bin", content), [large], Destination, CancellationToken.None));

        Assert.Contains($"{large}: the server announces {300 * Published} bytes for file.bin, whose published size is {Published} bytes " +
                        $"(at most {Accepted} are accepted); nothing was downloaded from it", error.Message);
        Assert.Equal(0, counting.BodyBytesRead);
        Assert.Empty(_root.Entries());
    }

    [Fact]
    public async Task AFileWithinTheMarginIsLeftToTheChecksum()
    {
        // 165,536 bytes for a published 100,000: not too large, so the checksum decides (and here it matches,
        // because the catalog's size was simply wrong).
        var content = RandomBytes((int)Accepted, 17);
        var address = _server.Serve("d/file.bin", content);
        _server.AnnounceLength = false;
        var file = DataFixtures.Md5File("file.bin", content) with { Size = Published };

        await Downloader().DownloadAsync(file, [address], Destination, CancellationToken.None);

        Assert.Equal(content, File.ReadAllBytes(Destination));
    }
}
