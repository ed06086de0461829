using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>chain: members built through the plugin factory, applied in order on one generator (traits: see the host's PluginTraitsTests).</summary>
public sealed class ChainAugmentationTests
{
    private static readonly TestPluginFactory Factory = new();

    [Fact]
    public void Members_run_in_the_given_order_on_the_shared_generator()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Constant(16, 1, 10, 10, 0.5f);
        using var a = new Generator(60);
        using var b = new Generator(60);
        // noise then cutout: the cut squares are exactly 0; cutout then noise: they are noisy.
        var chained = Factory.Create<IAugmentation>("{ chain: { of: [{ gaussian-noise: { sigma: 0.05 } }, { cutout: { size: 4 } }] } }").Apply(batch, a);
        var noisy = new GaussianNoiseAugmentation(new GaussianNoiseOptions { Sigma = 0.05 }).Apply(batch, b);
        var byHand = new CutoutAugmentation(new CutoutOptions { Size = 4 }).Apply(noisy, b);
        Assert.True(chained.Images.equal(byHand.Images));
        Assert.True(Expect.Values(chained.Images).Count(v => v == 0) >= 16 * 4); // at least a quarter-square per image

        using var c = new Generator(60);
        using var d = new Generator(60);
        var reversed = Factory.Create<IAugmentation>("{ chain: { of: [{ cutout: { size: 4 } }, { gaussian-noise: { sigma: 0.05 } }] } }").Apply(batch, c);
        var cutFirst = new CutoutAugmentation(new CutoutOptions { Size = 4 }).Apply(batch, d);
        var thenNoise = new GaussianNoiseAugmentation(new GaussianNoiseOptions { Sigma = 0.05 }).Apply(cutFirst, d);
        Assert.True(reversed.Images.equal(thenNoise.Images));
        Assert.False(reversed.Images.equal(chained.Images));
    }

    [Fact]
    public void Crop_then_flip_as_a_chain_is_flip_crop()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(24, 3, 8, 8);
        using var a = new Generator(61);
        using var b = new Generator(61);
        var chained = Factory.Create<IAugmentation>("{ chain: { of: [crop, flip] } }").Apply(batch, a);
        var recipe = Factory.Create<IAugmentation>("flip-crop").Apply(batch, b);
        Assert.True(chained.Images.equal(recipe.Images));
    }

    [Fact]
    public void Targets_mixed_by_a_member_come_out_of_the_chain()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(8, 1, 6, 6, classes: 8);
        using var generator = new Generator(62);
        var result = Factory.Create<IAugmentation>("{ chain: { of: [flip, { mixup: { alpha: 1 } }] } }").Apply(batch, generator);
        Assert.False(result.TargetProbs.equal(batch.TargetProbs));
        Assert.True(result.TargetProbs.sum(1).allclose(torch.ones([8]), 0, 1e-6));
    }

    [Fact]
    public void A_bad_member_is_reported_with_its_position()
    {
        var error = Assert.Throws<OptionsBindingException>(() => Factory.Create<IAugmentation>("{ chain: { of: [flip, { cutout: { size: 0 } }] } }"));
        Assert.Equal("entry.chain.of[1].cutout.size", error.OptionPath);
    }
}
