using System.IO.Compression;
using LossBench.PluginSupport.Data;
using LossBench.Torch;
using Xunit;

namespace LossBench.PluginSupport.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lossbench-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An IDX file of unsigned bytes built by hand: magic 00 00 08 rank, big-endian dims, data.</summary>
    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (var d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private string Write(string name, byte[] content, bool gzip = false)
    {
        var path = Path.Combine(_dir, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Optimal);
        z.Write(content);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_dimensions_and_data_plain_or_gzip(bool gzip)
    {
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var path = Write("x.idx", Idx([2, 3, 4], data), gzip);

        var array = IdxReader.Read(path);

        Assert.Equal([2, 3, 4], array.Dimensions);
        Assert.Equal(data, array.Data);
        Assert.Equal(2, array.Count);
    }

    [Fact]
    public void Truncated_data_names_the_file_and_the_shortfall()
    {
        var full = Idx([10, 28, 28], new byte[10 * 28 * 28]);
        var path = Write("truncated-images.idx", full[..^100]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains((10 * 28 * 28).ToString(), error.Message);
        Assert.Contains((10 * 28 * 28 - 100).ToString(), error.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_names_the_file()
    {
        var path = Path.Combine(_dir, "labels.gz");
        using (var file = File.Create(path))
        using (var z = new GZipStream(file, CompressionLevel.Optimal))
            z.Write(Idx([5000], Enumerable.Range(0, 5000).Select(i => (byte)(i % 10)).ToArray()));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        var path = Write("short-header.idx", Idx([3, 28, 28], [])[..9]);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void Bad_magic_number_is_reported()
    {
        var bytes = Idx([2], [1, 2]);
        bytes[0] = 0x12;
        var path = Write("bad-magic.idx", bytes);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("magic", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Unsupported_element_type_is_reported()
    {
        var bytes = Idx([2], [1, 2]);
        bytes[2] = 0x0D; // float
        var path = Write("float.idx", bytes);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("0x0D", error.Message);
    }

    [Fact]
    public void Trailing_bytes_are_reported()
    {
        var path = Write("long.idx", Idx([2], [1, 2, 3]));
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("1 unexpected bytes", error.Message);
    }

    [Fact]
    public void Image_set_checks_counts_and_label_range()
    {
        var images = Write("img.idx", Idx([3, 2, 2], new byte[12]));
        var twoLabels = Write("two.idx", Idx([2], [0, 1]));
        var badLabel = Write("bad.idx", Idx([3], [0, 10, 1]));

        var countError = Assert.Throws<InvalidDataException>(() => IdxImageSet.Load(images, twoLabels));
        Assert.Contains("3 images", countError.Message);
        Assert.Contains("2 labels", countError.Message);

        var rangeError = Assert.Throws<InvalidDataException>(() => IdxImageSet.Load(images, badLabel));
        Assert.Contains("label 10 at index 1", rangeError.Message);
        Assert.Contains(badLabel, rangeError.Message);
    }

    [Fact]
    public void Image_set_scales_pixels_to_unit_interval()
    {
        var images = Write("img.idx", Idx([2, 1, 3], [0, 51, 255, 102, 204, 153]));
        var labels = Write("lab.idx", Idx([2], [7, 3]));

        var (x, y) = IdxImageSet.Load(images, labels);
        using (x)
        using (y)
        {
            Assert.Equal([2L, 1, 1, 3], x.shape);
            Assert.Equal(ScalarType.Float32, x.dtype);
            Assert.Equal([0f, 0.2f, 1f, 0.4f, 0.8f, 0.6f], x.ToArray<float>());
            Assert.Equal([7L, 3L], y.ToArray<long>());
        }
    }

    [Fact]
    public void Embedded_mnist_subset_loads_with_its_documented_class_counts()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "data", "mnist-10k");
        var (x, y) = IdxImageSet.Load(Path.Combine(dir, "images-idx3-ubyte.gz"), Path.Combine(dir, "labels-idx1-ubyte.gz"));
        using (x)
        using (y)
        {
            Assert.Equal([10000L, 1, 28, 28], x.shape);
            // Per-class counts as documented in data/mnist-10k/PROVENANCE.md.
            using var counts = y.bincount();
            Assert.Equal([1001L, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], counts.ToArray<long>());
        }
    }
}
