using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>chain: members built through the factory, applied in order on one generator; traits propagate.</summary>
public sealed class ChainAugmentationTests
{
    private static readonly TestAugmentationFactory Factory = new();

    [Fact]
    public void Members_run_in_the_given_order_on_the_shared_generator()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Constant(16, 1, 10, 10, 0.5f);
        using var a = new Generator(60);
        using var b = new Generator(60);
        // noise then cutout: the cut squares are exactly 0; cutout then noise: they are noisy.
        var chained = Factory.Create("{ chain: { of: [{ gaussian-noise: { sigma: 0.05 } }, { cutout: { size: 4 } }] } }").Apply(batch, a);
        var noisy = new GaussianNoiseAugmentation(new GaussianNoiseOptions { Sigma = 0.05 }).Apply(batch, b);
        var byHand = new CutoutAugmentation(new CutoutOptions { Size = 4 }).Apply(noisy, b);
        Assert.True(chained.Images.equal(byHand.Images));
        Assert.True(Expect.Values(chained.Images).Count(v => v == 0) >= 16 * 4); // at least a quarter-square per image

        using var c = new Generator(60);
        using var d = new Generator(60);
        var reversed = Factory.Create("{ chain: { of: [{ cutout: { size: 4 } }, { gaussian-noise: { sigma: 0.05 } }] } }").Apply(batch, c);
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
        var chained = Factory.Create("{ chain: { of: [crop, flip] } }").Apply(batch, a);
        var recipe = Factory.Create("flip-crop").Apply(batch, b);
        Assert.True(chained.Images.equal(recipe.Images));
    }

    [Theory]
    [InlineData("{ chain: { of: [flip, crop] } }", false)]
    [InlineData("{ chain: { of: [flip, cutmix] } }", true)]
    [InlineData("{ chain: { of: [mixup, flip] } }", true)]
    [InlineData("{ chain: { of: [flip, { chain: { of: [crop, cutmix] } }] } }", true)]
    public void Mixes_targets_when_any_member_does(string entry, bool mixes)
    {
        var chain = Assert.IsType<ChainAugmentation>(Factory.Create(entry));
        Assert.Equal(mixes, chain.Traits.MixesTargets);
        Assert.Equal(2, chain.Members.Count);
    }

    [Fact]
    public void Targets_mixed_by_a_member_come_out_of_the_chain()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(8, 1, 6, 6, classes: 8);
        using var generator = new Generator(62);
        var result = Factory.Create("{ chain: { of: [flip, { mixup: { alpha: 1 } }] } }").Apply(batch, generator);
        Assert.False(result.TargetProbs.equal(batch.TargetProbs));
        Assert.True(result.TargetProbs.sum(1).allclose(torch.ones([8]), 0, 1e-6));
    }

    /// <summary>A factory that must not be called.</summary>
    private sealed class RefusingFactory : IAugmentationFactory
    {
        public IAugmentation Create(ConfigNode entry, string path) => throw new InvalidOperationException("the factory was called");
    }

    [Fact]
    public void The_options_less_probe_of_discovery_does_not_call_the_factory()
    {
        var probe = new ChainAugmentation(new ChainOptions(), new RefusingFactory());
        Assert.False(probe.Traits.MixesTargets);
        using var generator = new Generator(1);
        var error = Assert.Throws<InvalidOperationException>(() => probe.Apply(AugmentationBatches.Constant(1, 1, 2, 2, 0f), generator));
        Assert.Contains("options.of is empty", error.Message);
    }

    [Fact]
    public void A_bad_member_is_reported_with_its_position()
    {
        var error = Assert.Throws<OptionsBindingException>(() => Factory.Create("{ chain: { of: [flip, { cutout: { size: 0 } }] } }"));
        Assert.Contains("chain.of[1]", error.Message);
        Assert.Contains("size", error.Message);
    }
}
