using LossBench.Sdk.Datasets;
using LossBench.Testing;
using LossBench.Torch;

namespace LossBenchPlugin1.Tests;

public sealed class LossBenchPlugin1DatasetTests
{
    [Fact]
    public void Follows_the_hosts_discovery_rules() => PluginAssert.Valid<LossBenchPlugin1Dataset>();

    [Theory]
    [InlineData(null)]
    [InlineData("{ train: 20, test: 10, noise: 0 }")]
    public void Keeps_the_dataset_contract(string? options) => PluginAssert.Dataset<LossBenchPlugin1Dataset>(options);

    [Fact]
    public void Without_noise_each_image_is_the_bar_of_its_label()
    {
        var dataset = PluginOptions.Create<LossBenchPlugin1Dataset>("{ train: 16, test: 4, noise: 0 }");
        using var splits = dataset.Load(new DataContext(Seed: 5, BaseDirectory: "."));
        var images = splits.Train.Images.ToArray<float>();
        var labels = splits.Train.Labels.ToArray<long>();
        for (var n = 0; n < labels.Length; n++)
        for (var y = 0; y < 12; y++)
        for (var x = 0; x < 12; x++)
        {
            // Rows 3k to 3k+2 are lit for label k.
            var expected = y / 3 == labels[n] ? 1f : 0f;
            Assert.Equal(expected, images[(n * 12 + y) * 12 + x]);
        }
    }

    [Fact]
    public void Another_seed_gives_other_images()
    {
        var dataset = PluginOptions.Create<LossBenchPlugin1Dataset>("{ train: 16, test: 4 }");
        using var first = dataset.Load(new DataContext(1, "."));
        using var second = dataset.Load(new DataContext(2, "."));
        Assert.False(first.Train.Images.equal(second.Train.Images));
    }
}
