using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

public sealed class MixupAugmentationTests
{
    [Fact]
    public void Images_and_targets_are_the_same_convex_mixture_and_targets_sum_to_one()
    {
        using var scope = torch.NewDisposeScope();
        // Four 1x1x2 "images" whose pixels name their row, one-hot targets over 4 classes.
        var images = torch.tensor(new float[] { 0, 0, 1, 1, 2, 2, 3, 3 }, [4, 1, 1, 2]);
        var labels = torch.tensor(new long[] { 0, 1, 2, 3 });
        var targets = torch.nn.functional.one_hot(labels, 4).to(ScalarType.Float32);
        var mixup = new MixupAugmentation(new MixupOptions { Alpha = 0.4 });

        using var generator = new Generator(11);
        var mixed = mixup.Apply(new Batch(images, labels, targets), generator);

        // Each mixed target row is lambda e_i + (1 - lambda) e_pi(i): it sums to 1, its weight on
        // class i is lambda (or 1 when pi(i) = i), and the image is the same mixture of row values.
        var q = mixed.TargetProbs.to(ScalarType.Float64).ToArray<double>();
        var x = mixed.Images.to(ScalarType.Float64).ToArray<double>();
        for (var i = 0; i < 4; i++)
        {
            var row = q.Skip(i * 4).Take(4).ToArray();
            Assert.Equal(1.0, row.Sum(), 6);
            var expectedPixel = Enumerable.Range(0, 4).Sum(c => row[c] * c); // pixel value of image c is c
            Assert.Equal(expectedPixel, x[i * 2], 5);
            Assert.Equal(expectedPixel, x[i * 2 + 1], 5);
        }
        Assert.Same(labels, mixed.Labels);
        Assert.True(MixupAugmentation.TraitsOf(new MixupOptions()).MixesTargets);
    }

    [Fact]
    public void Lambda_is_reproducible_by_seed_and_follows_the_beta_mean()
    {
        var mixup = new MixupAugmentation(new MixupOptions { Alpha = 0.4 });
        using var a = new Generator(3);
        using var b = new Generator(3);
        var first = Enumerable.Range(0, 5).Select(_ => mixup.Lambda(a)).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 5).Select(_ => mixup.Lambda(b)).ToArray());
        // Beta(a, a) has mean 1/2 and variance 1 / (4 (2a + 1)) = 1/7.2 for a = 0.4: 2,000 draws put the
        // sample mean within 4 * sqrt(0.1389 / 2000) = 0.033 of 1/2.
        using var g = new Generator(5);
        var mean = Enumerable.Range(0, 2000).Select(_ => mixup.Lambda(g)).Average();
        Assert.InRange(mean, 0.5 - 0.034, 0.5 + 0.034);
    }
}
