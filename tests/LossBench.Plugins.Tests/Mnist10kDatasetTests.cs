using LossBench.Plugins.Datasets;
using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// mnist-10k: sizes, disjointness and reproducibility of its split, checked by tracing every
/// split image back to its position in the IDX file (read here directly with IdxReader; the 10,000
/// images are pairwise distinct, so an image's pixels identify its index).
/// </summary>
public sealed class Mnist10kDatasetTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "mnist-10k");

    /// <summary>The file's images keyed by their raw pixels, and its labels.</summary>
    private static readonly Lazy<(Dictionary<string, int> IndexOf, byte[] Labels)> Source = new(() =>
    {
        var images = IdxReader.Read(Path.Combine(DataDirectory, "images-idx3-ubyte.gz"));
        var labels = IdxReader.Read(Path.Combine(DataDirectory, "labels-idx1-ubyte.gz"));
        var indexOf = new Dictionary<string, int>(images.Count, StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
            indexOf.Add(Key(images.Data.AsSpan(i * 784, 784)), i);
        return (indexOf, labels.Data);
    });

    private static string Key(ReadOnlySpan<byte> pixels) => Convert.ToBase64String(pixels);

    private static DataSplits Load(int train = 8000, int test = 2000, ulong splitSeed = 0) =>
        new Mnist10kDataset(new Mnist10kOptions { Train = train, Test = test, SplitSeed = splitSeed }).Load(new DataContext(0, "."));

    /// <summary>Each image's index in the file; also checks that its label is the file's label for that index.</summary>
    private static int[] SourceIndices(TensorDataset split)
    {
        var (indexOf, sourceLabels) = Source.Value;
        var pixels = split.Images.contiguous().ToArray<float>();
        var labels = split.Labels.ToArray<long>();
        var indices = new int[split.Count];
        var bytes = new byte[784];
        for (var n = 0; n < indices.Length; n++)
        {
            // The plugin stores byte / 255 as float32; rounding back recovers the byte exactly.
            for (var p = 0; p < 784; p++) bytes[p] = checked((byte)Math.Round(pixels[n * 784 + p] * 255.0));
            Assert.True(indexOf.TryGetValue(Key(bytes), out indices[n]), $"image {n} of the split is not an image of the file");
            Assert.Equal(sourceLabels[indices[n]], labels[n]);
        }
        return indices;
    }

    [Fact]
    public void Info_is_one_channel_28x28_with_ten_digit_classes()
    {
        var info = new Mnist10kDataset(new Mnist10kOptions()).Info;
        Assert.Equal(new DatasetInfo(1, 28, 28, 10) { ClassNames = info.ClassNames }, info);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], info.ClassNames);
    }

    [Fact]
    public void Default_split_is_8000_train_and_2000_test_images_in_0_1()
    {
        using var splits = Load();
        Assert.Equal([8000L, 1, 28, 28], splits.Train.Images.shape);
        Assert.Equal([8000L], splits.Train.Labels.shape);
        Assert.Equal([2000L, 1, 28, 28], splits.Test.Images.shape);
        Assert.Equal([2000L], splits.Test.Labels.shape);
        Assert.Equal(ScalarType.Float32, splits.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, splits.Train.Labels.dtype);
        Assert.Empty(splits.Extra);
        foreach (var split in new[] { splits.Train, splits.Test })
        {
            using var min = split.Images.min();
            using var max = split.Images.max();
            Assert.Equal(0.0, min.item<double>());
            Assert.Equal(1.0, max.item<double>());
        }
    }

    [Fact]
    public void Train_and_test_are_disjoint_and_together_cover_the_file_when_they_add_up_to_10000()
    {
        using var splits = Load(train: 6000, test: 4000, splitSeed: 3);
        var train = SourceIndices(splits.Train);
        var test = SourceIndices(splits.Test);
        Assert.Equal(6000, train.Distinct().Count());
        Assert.Equal(4000, test.Distinct().Count());
        Assert.Empty(train.Intersect(test));
        Assert.Equal(Enumerable.Range(0, 10000), train.Concat(test).Order());

        // The per-class counts of the two splits add up to those documented in PROVENANCE.md.
        using var trainCounts = splits.Train.Labels.bincount(minlength: 10);
        using var testCounts = splits.Test.Labels.bincount(minlength: 10);
        var total = trainCounts.ToArray<long>().Zip(testCounts.ToArray<long>(), (a, b) => a + b);
        Assert.Equal([1001L, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], total);
    }

    [Fact]
    public void Small_splits_are_disjoint_too()
    {
        using var splits = Load(train: 300, test: 100, splitSeed: 0);
        var train = SourceIndices(splits.Train);
        var test = SourceIndices(splits.Test);
        Assert.Equal(300, train.Distinct().Count());
        Assert.Equal(100, test.Distinct().Count());
        Assert.Empty(train.Intersect(test));
    }

    [Fact]
    public void The_same_split_seed_gives_the_same_split_and_another_gives_a_different_one()
    {
        using var first = Load(train: 1000, test: 500, splitSeed: 11);
        using var again = Load(train: 1000, test: 500, splitSeed: 11);
        using var other = Load(train: 1000, test: 500, splitSeed: 12);
        Assert.True(first.Train.Images.equal(again.Train.Images));
        Assert.True(first.Train.Labels.equal(again.Train.Labels));
        Assert.True(first.Test.Images.equal(again.Test.Images));
        Assert.True(first.Test.Labels.equal(again.Test.Labels));

        // Two random 1000-subsets of 10,000 share about 100 images; being equal as sets is out of the question.
        Assert.NotEqual(SourceIndices(first.Train).Order(), SourceIndices(other.Train).Order());
        Assert.NotEqual(SourceIndices(first.Test).Order(), SourceIndices(other.Test).Order());
    }

    [Fact]
    public void The_split_does_not_depend_on_the_cells_seed_or_the_global_generator()
    {
        var dataset = new Mnist10kDataset(new Mnist10kOptions { Train = 200, Test = 100, SplitSeed = 5 });
        using var a = dataset.Load(new DataContext(1, "."));
        using var b = dataset.Load(new DataContext(2, "."));
        Assert.True(a.Train.Images.equal(b.Train.Images));
        Assert.True(a.Test.Images.equal(b.Test.Images));
    }

    [Fact]
    public void The_split_is_the_documented_permutation_of_the_file()
    {
        // The documented rule (what makes a split reproducible across versions): the first `train`
        // indices of randperm(10000, Generator(split-seed)) are the training images, the next `test`
        // the test images.
        using var splits = Load(train: 50, test: 30, splitSeed: 42);
        using var generator = new Generator(42);
        using var permutation = torch.randperm(10000, generator);
        var order = permutation.ToArray<long>().Select(i => (int)i).ToArray();
        Assert.Equal(order[..50], SourceIndices(splits.Train));
        Assert.Equal(order[50..80], SourceIndices(splits.Test));
    }

    [Fact]
    public void Train_plus_test_above_10000_is_a_validation_error_naming_both()
    {
        var error = Expect.BindingFails<Mnist10kOptions>(
            ConfigMapping.Of(("train", 9000), ("test", 2000)), "datasets[0].mnist-10k", "datasets[0].mnist-10k",
            "train (9000)", "test (2000)", "11000", "10000");
        Assert.StartsWith("datasets[0].mnist-10k: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_kebab_case_keys_with_defaults_for_the_rest()
    {
        var defaults = OptionsBinder.Bind<Mnist10kOptions>(null, "datasets[0].mnist-10k");
        Assert.Equal(new Mnist10kOptions { Train = 8000, Test = 2000, SplitSeed = 0 }, defaults);

        var bound = OptionsBinder.Bind<Mnist10kOptions>(ConfigMapping.Of(("train", 7000), ("split-seed", 7)), "d");
        Assert.Equal(new Mnist10kOptions { Train = 7000, Test = 2000, SplitSeed = 7 }, bound);

        var exact = OptionsBinder.Bind<Mnist10kOptions>(ConfigMapping.Of(("train", 9000), ("test", 1000)), "d");
        Assert.Equal(10000, exact.Train + exact.Test);
    }

    [Fact]
    public void A_wrong_option_type_names_the_path_and_the_expected_type()
    {
        Expect.BindingFails<Mnist10kOptions>(ConfigMapping.Of(("train", "many")), "datasets[0].mnist-10k",
            "datasets[0].mnist-10k.train", "expected integer", "'many'");
        Expect.BindingFails<Mnist10kOptions>(ConfigMapping.Of(("split-seed", -1)), "datasets[0].mnist-10k",
            "datasets[0].mnist-10k.split-seed", "expected non-negative integer", "'-1'");
        Expect.BindingFails<Mnist10kOptions>(ConfigMapping.Of(("test", 0)), "datasets[0].mnist-10k",
            "datasets[0].mnist-10k.test", "between 1 and 10000");
    }

    [Fact]
    public void Missing_data_files_are_an_error_that_names_the_path()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lossbench-missing-" + Guid.NewGuid().ToString("N"));
        var dataset = new Mnist10kDataset(new Mnist10kOptions(), directory);
        var error = Assert.Throws<FileNotFoundException>(() => dataset.Load(new DataContext(0, ".")));
        Assert.Contains(Path.Combine(directory, "images-idx3-ubyte.gz"), error.Message, StringComparison.Ordinal);
        Assert.Contains("mnist-10k", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plugin_finds_its_data_beside_its_own_assembly()
    {
        var assemblyDirectory = Path.GetDirectoryName(typeof(Mnist10kDataset).Assembly.Location)!;
        Assert.Equal(Path.Combine(assemblyDirectory, "data", "mnist-10k"), Mnist10kDataset.DefaultDirectory());
        Assert.True(File.Exists(Path.Combine(Mnist10kDataset.DefaultDirectory(), "PROVENANCE.md")));
    }
}
