using LossBench.Plugins.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Options;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// synthetic: determinism by seed, the documented class balance, images in [0, 1] with the
/// documented background and foreground, disks of the documented size, and classes a nearest-centroid
/// classifier tells apart far above chance.
/// </summary>
public sealed class SyntheticDatasetTests
{
    private static DataSplits Load(SyntheticOptions options, ulong cellSeed = 0) =>
        new SyntheticDataset(options).Load(new DataContext(cellSeed, "/"));

    [Fact]
    public void Info_has_the_options_shape_and_the_shape_names()
    {
        var info = new SyntheticDataset(new SyntheticOptions { Classes = 4, Size = 16, Channels = 3 }).Info;
        Assert.Equal((3, 16, 16, 4), (info.Channels, info.Height, info.Width, info.Classes));
        Assert.Equal(["disk", "ring", "square", "frame"], info.ClassNames);
    }

    [Fact]
    public void The_same_seed_gives_the_same_images_whatever_the_cell_seed_and_another_seed_others()
    {
        var options = new SyntheticOptions { Train = 300, Test = 100, Size = 16, Seed = 3 };
        using var a = Load(options, cellSeed: 1);
        using var b = Load(options, cellSeed: 2);
        using var c = Load(options with { Seed = 4 });
        Assert.True(a.Train.Images.equal(b.Train.Images));
        Assert.True(a.Test.Images.equal(b.Test.Images));
        Assert.Equal(a.Train.Labels.ToArray<long>(), b.Train.Labels.ToArray<long>());
        Assert.False(a.Train.Images.equal(c.Train.Images));
        Assert.NotEqual(a.Train.Labels.ToArray<long>(), c.Train.Labels.ToArray<long>());

        // The test split has its own generator: more training images leave it as it was.
        using var moreTrain = Load(options with { Train = 500 });
        Assert.True(a.Test.Images.equal(moreTrain.Test.Images));
        Assert.Equal(a.Test.Labels.ToArray<long>(), moreTrain.Test.Labels.ToArray<long>());
    }

    [Fact]
    public void Classes_are_balanced_to_within_one_image_and_shuffled()
    {
        using var splits = Load(new SyntheticOptions { Train = 2003, Test = 7, Classes = 10, Size = 8 });
        // 2003 = 10 x 200 + 3: classes 0, 1 and 2 get one more.
        Assert.Equal([201L, 201, 201, 200, 200, 200, 200, 200, 200, 200], splits.Train.Labels.bincount().ToArray<long>());
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1], splits.Test.Labels.bincount().ToArray<long>());
        var labels = splits.Train.Labels.ToArray<long>();
        Assert.NotEqual(Enumerable.Range(0, 2003).Select(i => (long)(i % 10)), labels);
    }

    [Fact]
    public void Without_noise_each_image_is_a_background_below_0_3_and_a_shape_above_0_6()
    {
        using var splits = Load(new SyntheticOptions { Train = 200, Test = 1, Noise = 0, Size = 28 });
        var images = Expect.Values(splits.Train.Images);
        var labels = splits.Train.Labels.ToArray<long>();
        for (var i = 0; i < 200; i++)
        {
            var pixels = images.AsSpan(i * 784, 784).ToArray();
            var distinct = pixels.Distinct().Order().ToArray();
            Assert.Equal(2, distinct.Length);
            Assert.InRange(distinct[0], 0, 0.3);
            Assert.InRange(distinct[1], 0.6, 1);
            if (labels[i] == 0)
            {
                // A disk of radius r in [0.25, 0.4] x 28 = [7, 11.2] pixels covers about pi r^2 in [154, 394]
                // pixels (less where it meets the border, a little either way from pixelation).
                var area = pixels.Count(p => p == distinct[1]);
                Assert.InRange(area, 0.8 * Math.PI * 7 * 7, 1.1 * Math.PI * 11.2 * 11.2);
            }
        }
    }

    [Fact]
    public void Colour_images_have_three_channels_and_noise_keeps_values_in_the_unit_interval()
    {
        using var splits = Load(new SyntheticOptions { Train = 64, Test = 8, Channels = 3, Size = 20, Noise = 0.3 });
        Assert.Equal([64L, 3, 20, 20], splits.Train.Images.shape);
        Assert.True(splits.Train.Images.min().item<float>() >= 0 && splits.Train.Images.max().item<float>() <= 1);
        // Colours differ between channels (a grey image would have three equal channels).
        using var scope = NewDisposeScope();
        var channels = splits.Train.Images.narrow(1, 0, 1) - splits.Train.Images.narrow(1, 1, 1);
        Assert.True(channels.abs().mean().item<float>() > 0.05);
    }

    /// <summary>
    /// Accuracy on the test split of the nearest class mean of the training images, each image taken
    /// as the mean of its channels standardised to mean 0 and standard deviation 1 (the shape, not
    /// its colour or brightness, is the class).
    /// </summary>
    private static double NearestCentroidAccuracy(DataSplits splits, int classes)
    {
        using var scope = NewDisposeScope();
        static Tensor Features(Tensor images)
        {
            var grey = images.mean(1).flatten(1);
            return (grey - grey.mean(1, keepdim: true)) / grey.std([1], keepdim: true).clamp_min(1e-6);
        }
        var train = Features(splits.Train.Images);
        var test = Features(splits.Test.Images);
        var centroids = stack(Enumerable.Range(0, classes)
            .Select(c => train.index_select(0, splits.Train.Labels.eq(c).nonzero().flatten()).mean(0)).ToArray(), 0);
        var distances = (test.unsqueeze(1) - centroids.unsqueeze(0)).square().sum(2);
        var predicted = distances.argmin(1);
        return predicted.eq(splits.Test.Labels).to(ScalarType.Float64).mean().item<double>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_nearest_centroid_classifier_tells_the_shapes_apart_far_above_chance(int channels)
    {
        using var splits = Load(new SyntheticOptions { Train = 2000, Test = 500, Channels = channels });
        var accuracy = NearestCentroidAccuracy(splits, 10);
        // Chance is 0.1; by a binomial bound (n = 500, sd <= 0.022) 0.5 is far beyond luck.
        Console.WriteLine($"synthetic, {channels} channel(s): nearest-centroid accuracy {accuracy}");
        Assert.True(accuracy > 0.5, $"nearest-centroid accuracy {accuracy}");
    }

    [Fact]
    public void Options_bind_from_kebab_case_and_two_channels_are_refused()
    {
        var bound = OptionsBinder.Bind<SyntheticOptions>(ConfigMapping.Of(("classes", 4), ("size", 16), ("noise", 0.1), ("seed", 9)), "datasets[0].synthetic");
        Assert.Equal(new SyntheticOptions { Classes = 4, Size = 16, Noise = 0.1, Seed = 9 }, bound);
        Expect.BindingFails<SyntheticOptions>(ConfigMapping.Of(("channels", 2)), "datasets[0].synthetic", "datasets[0].synthetic.channels", "1 (grey) or 3 (colour)");
        Expect.BindingFails<SyntheticOptions>(ConfigMapping.Of(("classes", 11)), "datasets[0].synthetic", "datasets[0].synthetic.classes", "between 2 and 10");
    }
}
