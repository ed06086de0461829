using System.IO.Compression;
using LossBench.Plugins.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The idx data set on IDX files written here byte by byte: pixel values and labels as written,
/// scaled to [0, 1]; MNIST's file names plain or with .gz; limits; and every bad file named with its problem.
/// </summary>
public sealed class IdxDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lossbench-idx-dataset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An IDX file of unsigned bytes: 00 00 08 rank, big-endian dimensions, data.</summary>
    private static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (var d in dims) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private void Write(string name, byte[] content, bool gzip = false)
    {
        var path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return;
        }
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Optimal);
        z.Write(content);
    }

    /// <summary>Pixel (i, y, x) of image i in a split with offset: a value that identifies it.</summary>
    private static byte Pixel(int offset, int i, int y, int x) => (byte)((offset + 37 * i + 5 * y + x) % 256);

    private static byte[] Images(int count, int height, int width, int offset) =>
        Enumerable.Range(0, count * height * width).Select(k => Pixel(offset, k / (height * width), k % (height * width) / width, k % width)).ToArray();

    /// <summary>MNIST's four files: 5 training and 3 test images of 4x3 pixels, labels as given.</summary>
    private void WriteMnistLike(bool gzip, byte[]? trainLabels = null)
    {
        Write("train-images-idx3-ubyte", Idx([5, 4, 3], Images(5, 4, 3, offset: 0)), gzip);
        Write("train-labels-idx1-ubyte", Idx([5], trainLabels ?? [3, 1, 4, 1, 5]), gzip);
        Write("t10k-images-idx3-ubyte", Idx([3, 4, 3], Images(3, 4, 3, offset: 203)), gzip);
        Write("t10k-labels-idx1-ubyte", Idx([3], [9, 2, 6]), gzip);
    }

    private DataSplits Load(IdxOptions? options = null) =>
        new IdxDataset((options ?? new IdxOptions()) with { Dir = _dir, Height = 4, Width = 3 }).Load(new DataContext(0, "/nowhere"));

    private static void AssertImagesAre(TensorDataset split, int count, int offset)
    {
        Assert.Equal([count, 1L, 4, 3], split.Images.shape);
        var values = Expect.Values(split.Images);
        for (var i = 0; i < count; i++)
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 3; x++)
            Assert.Equal(Pixel(offset, i, y, x) / 255.0, values[i * 12 + y * 3 + x], 1e-6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_the_mnist_file_names_plain_or_gzipped_with_pixels_scaled_and_labels_as_written(bool gzip)
    {
        WriteMnistLike(gzip);
        using var splits = Load();
        AssertImagesAre(splits.Train, 5, offset: 0);
        AssertImagesAre(splits.Test, 3, offset: 203);
        Assert.Equal([3L, 1, 4, 1, 5], splits.Train.Labels.ToArray<long>());
        Assert.Equal([9L, 2, 6], splits.Test.Labels.ToArray<long>());
        // Image 1 of the test split holds the bytes 255 (at y 3, x 0) and 0 (at y 3, x 1).
        Assert.Equal((1.0, 0.0), (Expect.Values(splits.Test.Images).Max(), Expect.Values(splits.Test.Images).Min()));
    }

    [Fact]
    public void Limits_keep_the_first_images_and_a_limit_above_the_file_is_an_error()
    {
        WriteMnistLike(gzip: false);
        using (var splits = Load(new IdxOptions { Train = 2, Test = 1 }))
        {
            AssertImagesAre(splits.Train, 2, offset: 0);
            Assert.Equal([3L, 1], splits.Train.Labels.ToArray<long>());
            Assert.Equal([9L], splits.Test.Labels.ToArray<long>());
        }
        var error = Assert.Throws<InvalidDataException>(() => Load(new IdxOptions { Train = 6 }));
        Assert.Contains(Path.Combine(_dir, "train-images-idx3-ubyte"), error.Message, StringComparison.Ordinal);
        Assert.Contains("holds 5 images, fewer than train = 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_file_names_and_a_relative_folder_resolved_against_the_benchmark_folder()
    {
        Write("fashion-train-images", Idx([2, 4, 3], Images(2, 4, 3, 7)));
        Write("fashion-train-labels", Idx([2], [0, 1]), gzip: true);
        Write("fashion-test-images", Idx([1, 4, 3], Images(1, 4, 3, 9)));
        Write("fashion-test-labels", Idx([1], [1]));
        var options = new IdxOptions
        {
            Dir = Path.GetFileName(_dir), Height = 4, Width = 3, ClassNames = ["t-shirt", "trouser"],
            TrainImages = "fashion-train-images", TrainLabels = "fashion-train-labels",
            TestImages = "fashion-test-images", TestLabels = "fashion-test-labels",
        };
        var dataset = new IdxDataset(options);
        Assert.Equal((1, 4, 3, 2), (dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width, dataset.Info.Classes));
        Assert.Equal(["t-shirt", "trouser"], dataset.Info.ClassNames);
        using var splits = dataset.Load(new DataContext(0, Path.GetDirectoryName(_dir)!));
        AssertImagesAre(splits.Test, 1, offset: 9);
        Assert.Equal([0L, 1], splits.Train.Labels.ToArray<long>());
    }

    [Fact]
    public void Info_comes_from_the_options_without_any_file()
    {
        var info = new IdxDataset(new IdxOptions { Dir = Path.Combine(_dir, "absent") }).Info;
        Assert.Equal((1, 28, 28, 10), (info.Channels, info.Height, info.Width, info.Classes));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], info.ClassNames);
        Assert.Equal(47, new IdxDataset(new IdxOptions { Classes = 47 }).Info.Classes);
    }

    [Fact]
    public void A_truncated_file_is_named_with_the_shortfall()
    {
        WriteMnistLike(gzip: false);
        var full = Idx([3, 4, 3], Images(3, 4, 3, 203));
        Write("t10k-images-idx3-ubyte", full[..^5]);
        var error = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains(Path.Combine(_dir, "t10k-images-idx3-ubyte"), error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("36 bytes of data but only 31 follow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_magic_number_is_named()
    {
        WriteMnistLike(gzip: true);
        var bytes = Idx([5], [3, 1, 4, 1, 5]);
        bytes[0] = 0x1f; // not gzip either: only the first byte matches
        File.Delete(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"));
        Write("train-labels-idx1-ubyte", bytes);
        var error = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains(Path.Combine(_dir, "train-labels-idx1-ubyte"), error.Message, StringComparison.Ordinal);
        Assert.Contains("bad magic number 0x1F000801", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_and_images_swapped_are_caught_by_their_dimension_count()
    {
        WriteMnistLike(gzip: false);
        var error = Assert.Throws<InvalidDataException>(() => Load(new IdxOptions { TrainImages = "train-labels-idx1-ubyte" }));
        Assert.Contains("expected images of 3 dimensions (N x H x W), found 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_the_classes_is_named_with_its_index()
    {
        WriteMnistLike(gzip: false, trainLabels: [3, 1, 4, 10, 5]);
        var error = Assert.Throws<InvalidDataException>(() => Load());
        Assert.Contains(Path.Combine(_dir, "train-labels-idx1-ubyte"), error.Message, StringComparison.Ordinal);
        Assert.Contains("label 10 at index 3 is outside 0..9", error.Message, StringComparison.Ordinal);
        // With 4 classes, label 4 is already out of range.
        WriteMnistLike(gzip: false);
        Assert.Contains("label 4 at index 2 is outside 0..3",
            Assert.Throws<InvalidDataException>(() => Load(new IdxOptions { Classes = 4 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_of_another_size_than_declared_are_an_error()
    {
        WriteMnistLike(gzip: false);
        var error = Assert.Throws<InvalidDataException>(() =>
            new IdxDataset(new IdxOptions { Dir = _dir }).Load(new DataContext(0, "/")));
        Assert.Contains("the images are 4x3, but the options declare 28x28", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_and_folders_name_the_paths_tried()
    {
        WriteMnistLike(gzip: false);
        File.Delete(Path.Combine(_dir, "t10k-labels-idx1-ubyte"));
        var error = Assert.Throws<FileNotFoundException>(() => Load());
        Assert.Contains(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), error.Message, StringComparison.Ordinal);

        var absent = Path.Combine(_dir, "absent");
        var folder = Assert.Throws<DirectoryNotFoundException>(() => new IdxDataset(new IdxOptions { Dir = absent }).Load(new DataContext(0, "/")));
        Assert.Contains(absent, folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_kebab_case_and_classes_must_agree_with_the_names()
    {
        var bound = OptionsBinder.Bind<IdxOptions>(ConfigMapping.Of(("dir", "data/fashion"), ("train-images", "x"), ("test", 100)), "datasets[0].idx");
        Assert.Equal(("data/fashion", "x", 100, "t10k-labels-idx1-ubyte"), (bound.Dir, bound.TrainImages, bound.Test, bound.TestLabels));
        Assert.Null(bound.Train);

        var names = new ConfigSequence([new ConfigScalar("a"), new ConfigScalar("b"), new ConfigScalar("c")]);
        Expect.BindingFails<IdxOptions>(ConfigMapping.Of(("classes", 10), ("class-names", names)), "datasets[0].idx", "datasets[0].idx.class-names",
            "classes (10) disagrees with the 3 class-names");
        Assert.Equal(3, OptionsBinder.Bind<IdxOptions>(ConfigMapping.Of(("class-names", names)), "d").ClassCount);
        Expect.BindingFails<IdxOptions>(ConfigMapping.Of(("train", 0)), "datasets[0].idx", "datasets[0].idx.train", "between 1 and");
    }

    [Fact]
    public void Reads_the_embedded_gzipped_mnist_subset_with_its_documented_class_counts()
    {
        var options = new IdxOptions
        {
            Dir = Path.Combine(AppContext.BaseDirectory, "data", "mnist-10k"),
            TrainImages = "images-idx3-ubyte", TrainLabels = "labels-idx1-ubyte",
            TestImages = "images-idx3-ubyte", TestLabels = "labels-idx1-ubyte", Test = 10,
        };
        using var splits = new IdxDataset(options).Load(new DataContext(0, "/"));
        Assert.Equal([10000L, 1, 28, 28], splits.Train.Images.shape);
        // Per-class counts as documented in data/mnist-10k/PROVENANCE.md.
        Assert.Equal([1001L, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], splits.Train.Labels.bincount().ToArray<long>());
        Assert.True(splits.Test.Images.equal(splits.Train.Images.narrow(0, 0, 10)));
    }
}
