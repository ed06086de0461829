using LossBench.Plugins.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>gaussian-noise: N(0, sigma^2) per pixel, clamped to [0, 1].</summary>
public sealed class GaussianNoiseAugmentationTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.05)]
    public void The_noise_on_mid_grey_images_has_mean_zero_and_standard_deviation_sigma(double sigma)
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Constant(64, 1, 16, 16, 0.5f);
        using var generator = new Generator(40);
        var noisy = new GaussianNoiseAugmentation(new GaussianNoiseOptions { Sigma = sigma }).Apply(batch, generator);
        var noise = Expect.Values(noisy.Images).Select(v => v - 0.5).ToArray();
        // 16,384 draws (clamping at 0.5 / sigma >= 5 deviations touches none in practice): the mean's
        // standard error is sigma / 128, the standard deviation's about sigma / sqrt(2 * 16384) = sigma / 181.
        var mean = noise.Average();
        var std = Math.Sqrt(noise.Select(e => (e - mean) * (e - mean)).Sum() / (noise.Length - 1));
        Assert.InRange(mean, -5 * sigma / 128, 5 * sigma / 128);
        Assert.InRange(std, sigma * (1 - 5.0 / 181), sigma * (1 + 5.0 / 181));
    }

    [Fact]
    public void Noise_near_the_ends_is_clamped_into_the_unit_interval()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.cat([torch.zeros([50, 1, 8, 8]), torch.ones([50, 1, 8, 8])], 0);
        using var generator = new Generator(41);
        var noisy = new GaussianNoiseAugmentation(new GaussianNoiseOptions { Sigma = 0.3 }).Apply(AugmentationBatches.WithLabels(images, 2), generator);
        var values = Expect.Values(noisy.Images);
        Assert.All(values, v => Assert.InRange(v, 0.0, 1.0));
        // Half of the noise is negative: about half of the black pixels stay exactly 0, half of the white exactly 1.
        var black = values.Take(3200).Count(v => v == 0);
        var white = values.Skip(3200).Count(v => v == 1);
        Assert.InRange(black, 1600 - 150, 1600 + 150);
        Assert.InRange(white, 1600 - 150, 1600 + 150);
    }
}
