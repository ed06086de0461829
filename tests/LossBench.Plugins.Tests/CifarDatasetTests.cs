using LossBench.Plugins.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>
/// cifar10 and cifar100 on binary files written here record by record: pixel order (R, G, B planes,
/// each row by row), scaling, which batches form which split and in what order, the label byte
/// used, class names from the names files, and every bad file named with its problem.
/// </summary>
public sealed class CifarDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lossbench-cifar-dataset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Pixel (c, y, x) of the image with identity id: a value that identifies all four.</summary>
    private static byte Pixel(int id, int c, int y, int x) => (byte)((31 * id + 97 * c + 7 * y + x) % 256);

    private static byte[] Record(byte[] labels, int id)
    {
        var record = new List<byte>(labels);
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 32; y++)
        for (var x = 0; x < 32; x++)
            record.Add(Pixel(id, c, y, x));
        return record.ToArray();
    }

    private void Write(string name, params byte[][] records) =>
        File.WriteAllBytes(Path.Combine(_dir, name), records.SelectMany(r => r).ToArray());

    private static void AssertImageIs(TensorDataset split, int index, int id)
    {
        var image = Expect.Values(split.Images[index]);
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 32; y += 5)
        for (var x = 0; x < 32; x += 3)
            Assert.Equal(Pixel(id, c, y, x) / 255.0, image[c * 1024 + y * 32 + x], 1e-6);
    }

    /// <summary>Batch b (1-5) holds images 10b and 10b + 1 with labels b and 9 - b; the test batch image 99, label 7.</summary>
    private void WriteCifar10()
    {
        for (var b = 1; b <= 5; b++)
            Write($"data_batch_{b}.bin", Record([(byte)b], 10 * b), Record([(byte)(9 - b)], 10 * b + 1));
        Write("test_batch.bin", Record([7], 99));
    }

    private DataSplits LoadCifar10(Cifar10Options? options = null) =>
        new Cifar10Dataset((options ?? new Cifar10Options()) with { Dir = _dir }).Load(new DataContext(0, "/"));

    [Fact]
    public void Cifar10_concatenates_the_five_batches_in_order_with_pixels_as_written()
    {
        WriteCifar10();
        using var splits = LoadCifar10();
        Assert.Equal([10L, 3, 32, 32], splits.Train.Images.shape);
        Assert.Equal([1L, 8, 2, 7, 3, 6, 4, 5, 5, 4], splits.Train.Labels.ToArray<long>());
        for (var b = 1; b <= 5; b++)
        {
            AssertImageIs(splits.Train, 2 * (b - 1), 10 * b);
            AssertImageIs(splits.Train, 2 * (b - 1) + 1, 10 * b + 1);
        }
        Assert.Equal([7L], splits.Test.Labels.ToArray<long>());
        AssertImageIs(splits.Test, 0, 99);
    }

    [Fact]
    public void Cifar10_limits_keep_the_first_images_and_do_not_need_the_later_batches()
    {
        WriteCifar10();
        File.Delete(Path.Combine(_dir, "data_batch_5.bin"));
        using var splits = LoadCifar10(new Cifar10Options { Train = 3 });
        Assert.Equal([1L, 8, 2], splits.Train.Labels.ToArray<long>());
        AssertImageIs(splits.Train, 2, 20);

        var error = Assert.Throws<FileNotFoundException>(() => LoadCifar10(new Cifar10Options { Train = 9 }));
        Assert.Contains(Path.Combine(_dir, "data_batch_5.bin"), error.Message, StringComparison.Ordinal);
        WriteCifar10();
        var tooMany = Assert.Throws<InvalidDataException>(() => LoadCifar10(new Cifar10Options { Test = 2 }));
        Assert.Contains("hold 1 images, fewer than test = 2", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar10_class_names_come_from_batches_meta_when_present()
    {
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
            new Cifar10Dataset(new Cifar10Options { Dir = _dir }).Info.ClassNames);
        File.WriteAllText(Path.Combine(_dir, "batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 10).Select(i => $"thing{i}")) + "\n\n");
        var info = new Cifar10Dataset(new Cifar10Options { Dir = _dir }).Info;
        Assert.Equal((3, 32, 32, 10), (info.Channels, info.Height, info.Width, info.Classes));
        Assert.Equal("thing3", info.ClassNames[3]);
    }

    [Fact]
    public void Cifar10_truncated_batch_is_named()
    {
        WriteCifar10();
        var path = Path.Combine(_dir, "data_batch_3.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^10]);
        var error = Assert.Throws<InvalidDataException>(() => LoadCifar10());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a whole number of 3073-byte records", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar10_label_out_of_range_is_named_with_its_record()
    {
        WriteCifar10();
        Write("test_batch.bin", Record([7], 99), Record([12], 98));
        var error = Assert.Throws<InvalidDataException>(() => LoadCifar10());
        Assert.Contains(Path.Combine(_dir, "test_batch.bin"), error.Message, StringComparison.Ordinal);
        Assert.Contains("label 12 of record 1 is outside 0..9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar10_reading_cifar100_files_fails_on_the_record_size()
    {
        // Two CIFAR-100 records (3074 bytes each) are not a whole number of CIFAR-10 records.
        WriteCifar10();
        Write("data_batch_1.bin", Record([1, 2], 1), Record([1, 2], 2));
        var error = Assert.Throws<InvalidDataException>(() => LoadCifar10());
        Assert.Contains("6148 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar10_missing_folder_is_named()
    {
        var absent = Path.Combine(_dir, "none");
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            new Cifar10Dataset(new Cifar10Options { Dir = absent }).Load(new DataContext(0, "/")));
        Assert.Contains(absent, error.Message, StringComparison.Ordinal);
    }

    /// <summary>train.bin: (coarse, fine) = (4, 30) image 1, (19, 99) image 2, (0, 0) image 3; test.bin: (7, 55) image 4.</summary>
    private void WriteCifar100()
    {
        Write("train.bin", Record([4, 30], 1), Record([19, 99], 2), Record([0, 0], 3));
        Write("test.bin", Record([7, 55], 4));
    }

    [Fact]
    public void Cifar100_uses_the_fine_or_the_coarse_label_byte()
    {
        WriteCifar100();
        var context = new DataContext(0, Path.GetDirectoryName(_dir)!);
        var relative = Path.GetFileName(_dir);
        using (var fine = new Cifar100Dataset(new Cifar100Options { Dir = relative }).Load(context))
        {
            Assert.Equal([30L, 99, 0], fine.Train.Labels.ToArray<long>());
            Assert.Equal([55L], fine.Test.Labels.ToArray<long>());
            AssertImageIs(fine.Train, 1, 2);
            AssertImageIs(fine.Test, 0, 4);
        }
        using var coarse = new Cifar100Dataset(new Cifar100Options { Dir = relative, Labels = CifarLabels.Coarse, Train = 2 }).Load(context);
        Assert.Equal([4L, 19], coarse.Train.Labels.ToArray<long>());
        Assert.Equal([7L], coarse.Test.Labels.ToArray<long>());
    }

    [Fact]
    public void Cifar100_info_has_100_fine_or_20_coarse_classes_named_from_their_files_when_present()
    {
        var fine = new Cifar100Dataset(new Cifar100Options { Dir = _dir }).Info;
        Assert.Equal((3, 32, 32, 100), (fine.Channels, fine.Height, fine.Width, fine.Classes));
        Assert.Equal(100, fine.ClassNames.Distinct().Count());
        Assert.Equal(("apple", "worm"), (fine.ClassNames[0], fine.ClassNames[99]));
        var coarse = new Cifar100Dataset(new Cifar100Options { Dir = _dir, Labels = CifarLabels.Coarse }).Info;
        Assert.Equal(20, coarse.Classes);
        Assert.Equal(20, coarse.ClassNames.Distinct().Count());

        File.WriteAllLines(Path.Combine(_dir, "coarse_label_names.txt"), Enumerable.Range(0, 20).Select(i => $"group{i}"));
        Assert.Equal("group19", new Cifar100Dataset(new Cifar100Options { Dir = _dir, Labels = CifarLabels.Coarse }).Info.ClassNames[19]);
        File.WriteAllLines(Path.Combine(_dir, "fine_label_names.txt"), ["only", "three", "names"]);
        var error = Assert.Throws<InvalidDataException>(() => new Cifar100Dataset(new Cifar100Options { Dir = _dir }).Info);
        Assert.Contains("expected 100 class names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar100_fine_label_out_of_range_and_truncation_are_named()
    {
        WriteCifar100();
        // A fine label of 100 is out of range for fine labels; the coarse byte 19 is fine but 20 is not.
        Write("test.bin", Record([7, 100], 4));
        var fine = Assert.Throws<InvalidDataException>(() => new Cifar100Dataset(new Cifar100Options { Dir = _dir }).Load(new DataContext(0, "/")));
        Assert.Contains("label 100 of record 0 is outside 0..99", fine.Message, StringComparison.Ordinal);
        Write("test.bin", Record([20, 1], 4));
        var coarse = Assert.Throws<InvalidDataException>(() =>
            new Cifar100Dataset(new Cifar100Options { Dir = _dir, Labels = CifarLabels.Coarse }).Load(new DataContext(0, "/")));
        Assert.Contains("label 20 of record 0 is outside 0..19", coarse.Message, StringComparison.Ordinal);

        var path = Path.Combine(_dir, "train.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^1]);
        var truncated = Assert.Throws<InvalidDataException>(() => new Cifar100Dataset(new Cifar100Options { Dir = _dir }).Load(new DataContext(0, "/")));
        Assert.Contains(path, truncated.Message, StringComparison.Ordinal);
        Assert.Contains("3074-byte records", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_kebab_case()
    {
        var bound = OptionsBinder.Bind<Cifar100Options>(ConfigMapping.Of(("labels", "coarse"), ("train", 500)), "datasets[0].cifar100");
        Assert.Equal(new Cifar100Options { Labels = CifarLabels.Coarse, Train = 500 }, bound);
        Expect.BindingFails<Cifar10Options>(ConfigMapping.Of(("test", 0)), "datasets[0].cifar10", "datasets[0].cifar10.test", "between 1 and");
    }
}
