using LossBench.Plugins.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

public sealed class ShortcutDatasetTests
{
    /// <summary>The base the shortcut gets: mnist-10k with 2,000 train and 1,000 test images.</summary>
    private static ShortcutOptions OnMnist2000(ShortcutOptions options) =>
        options with { Base = new TestPluginFactory().Options<ShortcutOptions>("{ base: { mnist-10k: { train: 2000, test: 1000 } } }").Base };

    private static DataSplits Load(ShortcutOptions options) => new ShortcutDataset(OnMnist2000(options), new TestPluginFactory()).Load(new DataContext(0, "."));

    private static double Agreement(TensorDataset split)
    {
        using var scope = torch.NewDisposeScope();
        return split.BiasAttribute!.eq(split.Labels).to(ScalarType.Float64).mean().item<double>();
    }

    [Fact]
    public void The_feature_agrees_with_the_label_at_rho_in_distribution_and_at_chance_in_ood()
    {
        using var splits = Load(new ShortcutOptions { Rho = 0.95 });
        // Binomial: train n = 2000, sd = sqrt(.95 * .05 / 2000) = 0.0049; ood n = 1000 at 1/10, sd = sqrt(.09 / 1000) = 0.0095. 4 sd either way.
        Assert.InRange(Agreement(splits.Train), 0.95 - 4 * 0.0049, 0.95 + 4 * 0.0049);
        Assert.InRange(Agreement(splits.Test), 0.95 - 4 * 0.0069, 0.95 + 4 * 0.0069);
        Assert.InRange(Agreement(splits.Extra["ood"]), 0.1 - 4 * 0.0095, 0.1 + 4 * 0.0095);
        Assert.Equal(1000, splits.Extra["ood"].Count);
    }

    [Fact]
    public void The_border_is_painted_in_the_attribute_colour_and_the_inside_is_the_digit()
    {
        using var splits = Load(new ShortcutOptions { Width = 2 });
        using var base_ = new Mnist10kDataset(new Mnist10kOptions { Train = 2000, Test = 1000 }).Load(new DataContext(0, "."));
        using var scope = torch.NewDisposeScope();
        using var palette = ShortcutDataset.Palette(10);
        for (var i = 0; i < 5; i++)
        {
            var image = splits.Train.Images[i];
            var colour = palette[splits.Train.BiasAttribute![i].item<long>()].reshape([3, 1, 1]);
            // Rows 0-1 and 26-27, columns 0-1 and 26-27 carry the colour in all three channels.
            Assert.True(image[TensorIndex.Slice(), TensorIndex.Slice(0, 2)].sub(colour).abs().max().item<float>() == 0);
            Assert.True(image[TensorIndex.Slice(), TensorIndex.Slice(), TensorIndex.Slice(26, 28)].sub(colour).abs().max().item<float>() == 0);
            // Inside, each channel is the grey base image.
            var inside = image[TensorIndex.Slice(), TensorIndex.Slice(2, 26), TensorIndex.Slice(2, 26)];
            var grey = base_.Train.Images[i][0][TensorIndex.Slice(2, 26), TensorIndex.Slice(2, 26)];
            for (var c = 0; c < 3; c++) Assert.True(inside[c].sub(grey).abs().max().item<float>() == 0);
        }
    }

    [Fact]
    public void A_patch_paints_only_the_corner_and_the_data_set_declares_its_attribute()
    {
        using var splits = Load(new ShortcutOptions { Feature = ShortcutFeature.Patch, Width = 4 });
        using var scope = torch.NewDisposeScope();
        var image = splits.Train.Images[0];
        Assert.True(image[0][TensorIndex.Slice(4, 28)].sub(image[1][TensorIndex.Slice(4, 28)]).abs().max().item<float>() == 0); // grey below the patch
        var info = new ShortcutDataset(OnMnist2000(new ShortcutOptions()), new TestPluginFactory()).Info;
        Assert.Equal((3, 28, 28, 10, true), (info.Channels, info.Height, info.Width, info.Classes, ShortcutDataset.TraitsOf(new ShortcutOptions()).HasBiasAttribute));
    }

    [Fact]
    public void Attributes_are_deterministic_by_seed()
    {
        using var a = Load(new ShortcutOptions { Seed = 1 });
        using var b = Load(new ShortcutOptions { Seed = 1 });
        using var c = Load(new ShortcutOptions { Seed = 2 });
        Assert.Equal(a.Train.BiasAttribute!.ToArray<long>(), b.Train.BiasAttribute!.ToArray<long>());
        Assert.NotEqual(a.Train.BiasAttribute!.ToArray<long>(), c.Train.BiasAttribute!.ToArray<long>());
    }
}
