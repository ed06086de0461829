using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>What every augmentation promises: reproducible by seed, images in [0, 1], shapes and labels kept.</summary>
public sealed class AugmentationDeterminismTests
{
    public static TheoryData<string> Augmentations => new()
    {
        "flip", "crop", "flip-crop", "cutout", "{ cutout: { count: 3, size: 5 } }", "random-erasing", "{ random-erasing: { fill: zero } }",
        "cutmix", "mixup", "gaussian-noise", "rand-augment", "{ rand-augment: { ops: 3, magnitude: 30 } }",
        "{ chain: { of: [crop, flip, cutout] } }",
    };

    private static Batch Apply(string entry, ulong seed)
    {
        var augmentation = new TestPluginFactory().Create<IAugmentation>(entry);
        // 16 images 3x12x12 with distinct pixel values (and an all-ones and an all-zeros image, which
        // the colour operations must keep in range too).
        var batch = AugmentationBatches.Distinct(16, 3, 12, 12);
        using (torch.no_grad())
        {
            batch.Images[0].fill_(1);
            batch.Images[1].fill_(0);
        }
        using var generator = new Generator(seed);
        return augmentation.Apply(batch, generator);
    }

    [Theory]
    [MemberData(nameof(Augmentations))]
    public void The_same_seed_gives_the_same_batch_and_another_seed_another(string entry)
    {
        using var scope = torch.NewDisposeScope();
        var first = Apply(entry, 7);
        var again = Apply(entry, 7);
        var other = Apply(entry, 8);
        Assert.True(first.Images.equal(again.Images), $"{entry}: the same seed gave different images");
        Assert.True(first.TargetProbs.equal(again.TargetProbs), $"{entry}: the same seed gave different targets");
        Assert.False(first.Images.equal(other.Images), $"{entry}: seeds 7 and 8 gave the same images");
    }

    [Theory]
    [MemberData(nameof(Augmentations))]
    public void Images_stay_in_the_unit_interval_with_their_shape_and_labels(string entry)
    {
        using var scope = torch.NewDisposeScope();
        var input = AugmentationBatches.Distinct(16, 3, 12, 12);
        var result = Apply(entry, 3);
        Assert.Equal(input.Images.shape, result.Images.shape);
        Assert.Equal(ScalarType.Float32, result.Images.dtype);
        var values = Expect.Values(result.Images);
        Assert.All(values, v => Assert.InRange(v, 0.0, 1.0));
        Assert.Equal(Expect.Values(input.Labels), Expect.Values(result.Labels));
        Assert.Equal(input.TargetProbs.shape, result.TargetProbs.shape);
        var targets = Expect.Values(result.TargetProbs.sum(1));
        Expect.Close(Enumerable.Repeat(1.0, 16).ToArray(), targets, atol: 1e-6, what: $"{entry}: target sums");
    }

    [Fact]
    public void Apply_frees_its_temporaries_and_keeps_only_its_results()
    {
        // Each Apply runs in a scope of its own: the caller's scope gains only the returned tensors.
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(8, 1, 10, 10);
        var before = scope.Count;
        using var generator = new Generator(1);
        var result = new TestPluginFactory().Create<IAugmentation>("cutmix").Apply(batch, generator);
        Assert.Equal(before + 2, scope.Count); // new images and new targets; the labels are passed through
        Assert.Same(batch.Labels, result.Labels);
        Assert.False(result.Images.IsDisposed);
    }
}
