using System.Text;
using LossBench.Host.Data;

namespace LossBench.Host.Tests.Data;

public sealed class ArchiveUnpackerTests : IDisposable
{
    private readonly TemporaryRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static readonly byte[] Bytes = Encoding.ASCII.GetBytes("payload");

    private (string Archive, string Destination) Prepare(params (string Name, byte[]? Content)[] entries)
    {
        var archive = Path.Combine(_root.Path, "archive.tar.gz");
        File.WriteAllBytes(archive, DataFixtures.TarGz(entries));
        var destination = Directory.CreateDirectory(Path.Combine(_root.Path, "out")).FullName;
        return (archive, destination);
    }

    [Fact]
    public void FilesInNestedFoldersKeepTheirPlaceBelowTheTopFolder()
    {
        var (archive, destination) = Prepare(("top/", null), ("top/a.bin", Bytes), ("top/sub/b.txt", Bytes));

        var written = ArchiveUnpacker.ExtractTarGz(archive, destination, "top");

        Assert.Equal(["a.bin", "sub/b.txt"], written);
        Assert.Equal(Bytes, File.ReadAllBytes(Path.Combine(destination, "sub", "b.txt")));
    }

    [Theory]
    [InlineData("top/../../outside.txt", "climbs out")]
    [InlineData("top/sub/../../../outside.txt", "climbs out")]
    [InlineData("/etc/outside.txt", "absolute path")]
    [InlineData("top\\..\\..\\outside.txt", "backslash")]
    [InlineData("elsewhere/outside.txt", "outside the archive's folder top/")]
    [InlineData("outside.txt", "outside the archive's folder top/")]
    public void EntriesThatWouldLeaveTheFolderAreRefused(string entry, string why)
    {
        var (archive, destination) = Prepare(("top/fine.bin", Bytes), (entry, Bytes));

        var failure = Assert.Throws<DataSetException>(() => ArchiveUnpacker.ExtractTarGz(archive, destination, "top"));

        Assert.Contains($"refused to unpack entry '{entry}'", failure.Message);
        Assert.Contains(why, failure.Message);
        Assert.Equal(["archive.tar.gz", "out", "out/fine.bin"], _root.Entries());
    }

    [Fact]
    public void LinksAreRefused()
    {
        var (archive, destination) = Prepare(("top/fine.bin", Bytes), ("link:top/passwd", null));

        var failure = Assert.Throws<DataSetException>(() => ArchiveUnpacker.ExtractTarGz(archive, destination, "top"));

        Assert.Contains("refused to unpack entry 'top/passwd': it is a SymbolicLink entry", failure.Message);
        Assert.False(File.Exists(Path.Combine(destination, "passwd")));
    }

    [Fact]
    public void AFileTwiceIsRefused()
    {
        var (archive, destination) = Prepare(("top/a.bin", Bytes), ("top/a.bin", [1, 2, 3]));

        var failure = Assert.Throws<DataSetException>(() => ArchiveUnpacker.ExtractTarGz(archive, destination, "top"));

        Assert.Contains("holds this file twice", failure.Message);
        Assert.Equal(Bytes, File.ReadAllBytes(Path.Combine(destination, "a.bin")));
    }
}
