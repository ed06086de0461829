using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>Out-of-range and inconsistent options are refused with the option's path, and the defaults are the documented ones.</summary>
public sealed class AugmentationOptionsTests
{
    private static ConfigMapping Options(string flow) => (ConfigMapping)FlowText.Parse(flow);

    [Fact]
    public void Out_of_range_values_are_refused_naming_the_option()
    {
        Expect.BindingFails<FlipOptions>(Options("{ p: 1.5 }"), "flip", "flip.p", "between");
        Expect.BindingFails<CropOptions>(Options("{ padding: -1 }"), "crop", "crop.padding", "between");
        Expect.BindingFails<FlipCropOptions>(Options("{ p: -0.1 }"), "flip-crop", "flip-crop.p", "between");
        Expect.BindingFails<CutoutOptions>(Options("{ size: 0 }"), "cutout", "cutout.size", "between");
        Expect.BindingFails<CutoutOptions>(Options("{ count: 0 }"), "cutout", "cutout.count", "between");
        Expect.BindingFails<CutmixOptions>(Options("{ alpha: 0 }"), "cutmix", "cutmix.alpha", "between");
        Expect.BindingFails<GaussianNoiseOptions>(Options("{ sigma: 0 }"), "gaussian-noise", "gaussian-noise.sigma", "between");
        Expect.BindingFails<RandAugmentOptions>(Options("{ magnitude: 31 }"), "rand-augment", "rand-augment.magnitude", "between");
        Expect.BindingFails<RandAugmentOptions>(Options("{ ops: 0 }"), "rand-augment", "rand-augment.ops", "between");
        Expect.BindingFails<RandomErasingOptions>(Options("{ scale-max: 1.5 }"), "random-erasing", "random-erasing.scale-max", "between");
    }

    [Fact]
    public void Inconsistent_ranges_and_unknown_fills_are_refused()
    {
        Expect.BindingFails<RandomErasingOptions>(Options("{ scale-min: 0.4, scale-max: 0.3 }"), "random-erasing", "random-erasing.scale-min", "scale-min (0.4) must not exceed scale-max (0.3)");
        Expect.BindingFails<RandomErasingOptions>(Options("{ ratio-min: 2, ratio-max: 1 }"), "random-erasing", "random-erasing.ratio-min", "ratio-min (2) must not exceed ratio-max (1)");
        Expect.BindingFails<RandomErasingOptions>(Options("{ fill: grey }"), "random-erasing", "random-erasing.fill", "grey");
        Expect.BindingFails<ChainOptions>(Options("{ of: [] }"), "chain", "chain.of", "give at least one member");
    }

    [Fact]
    public void The_defaults_are_the_papers_and_the_documented_ones()
    {
        Assert.Equal(0.5, OptionsBinder.Bind<FlipOptions>(null, "flip").P);
        Assert.Equal(4, OptionsBinder.Bind<CropOptions>(null, "crop").Padding);
        Assert.Equal((4, 0.5), (new FlipCropOptions().Padding, new FlipCropOptions().P));
        Assert.Equal((8, 1), (new CutoutOptions().Size, new CutoutOptions().Count));
        var erasing = new RandomErasingOptions();
        Assert.Equal((0.5, 0.02, 0.33, 0.3, 3.3, ErasingFill.Random), (erasing.P, erasing.ScaleMin, erasing.ScaleMax, erasing.RatioMin, erasing.RatioMax, erasing.Fill));
        Assert.Equal(0.1, new GaussianNoiseOptions().Sigma);
        Assert.Equal((2, 9), (new RandAugmentOptions().Ops, new RandAugmentOptions().Magnitude));
    }
}
