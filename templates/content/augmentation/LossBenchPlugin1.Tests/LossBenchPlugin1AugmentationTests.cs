using LossBench.Testing;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1.Tests;

public sealed class LossBenchPlugin1AugmentationTests
{
    [Fact]
    public void Follows_the_hosts_discovery_rules() => PluginAssert.Valid<LossBenchPlugin1Augmentation>();

    [Theory]
    [InlineData(null)]
    [InlineData("strength: 1")]
    public void Keeps_the_augmentation_contract(string? options) => PluginAssert.Augmentation<LossBenchPlugin1Augmentation>(options);

    [Fact]
    public void Scales_each_image_by_one_factor_within_the_strength()
    {
        using var scope = NewDisposeScope();
        var augmentation = PluginOptions.Create<LossBenchPlugin1Augmentation>("strength: 0.5");
        // Mid-grey images, so that no factor in [0.5, 1.5] reaches the clamp: the output / input is the factor.
        var batch = TestData.Batch(count: 32) with { Images = full([32, 1, 8, 8], 0.5) };
        using var generator = new Generator(3);
        var ratios = augmentation.Apply(batch, generator).Images / batch.Images;
        var perImage = ratios.flatten(1);
        Assert.True(perImage.amax([1]).sub(perImage.amin([1])).max().item<float>() < 1e-6f, "one factor per image");
        Assert.InRange(ratios.min().item<float>(), 0.5f, 1.5f);
        Assert.InRange(ratios.max().item<float>(), 0.5f, 1.5f);
    }

    [Fact]
    public void Refuses_a_strength_above_one_with_the_hosts_message()
    {
        var message = PluginOptions.ErrorOf<LossBenchPlugin1Options>("strength: 2", "plugin-kebab-name");
        Assert.StartsWith("options.yaml:1:11: plugin-kebab-name.strength:", message);
    }
}
