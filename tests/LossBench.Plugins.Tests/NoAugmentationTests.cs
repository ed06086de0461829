using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>none: the baseline augmentation leaves batches alone.</summary>
public sealed class NoAugmentationTests
{
    [Fact]
    public void Returns_the_same_tensors_with_the_same_values()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.tensor(new float[] { 0f, 0.25f, 0.5f, 1f, 0.75f, 0.125f, 0f, 1f }, [2, 1, 2, 2]);
        var labels = torch.tensor(new long[] { 1, 0 });
        var targets = torch.tensor(new float[] { 0, 1, 1, 0 }, [2, 2]);
        var imagesBefore = images.clone();
        var batch = new Batch(images, labels, targets);
        using var generator = new Generator(1);

        var result = new NoAugmentation().Apply(batch, generator);

        Assert.Same(images, result.Images);
        Assert.Same(labels, result.Labels);
        Assert.Same(targets, result.TargetProbs);
        Assert.True(result.Images.equal(imagesBefore));
        Assert.Equal([0f, 0.25f, 0.5f, 1f, 0.75f, 0.125f, 0f, 1f], result.Images.ToArray<float>());
        Assert.Equal([1L, 0], result.Labels.ToArray<long>());
        Assert.Equal([0f, 1f, 1f, 0f], result.TargetProbs.ToArray<float>());
    }

    [Fact]
    public void Does_not_draw_from_the_generator()
    {
        // The host seeds one generator per (seed, data set, augmentation); drawing nothing keeps
        // "none" free of side effects on it.
        using var scope = torch.NewDisposeScope();
        using var used = new Generator(9);
        using var fresh = new Generator(9);
        var batch = new Batch(torch.zeros([1, 1, 2, 2]), torch.tensor(new long[] { 0 }), torch.tensor(new float[] { 1, 0 }, [1, 2]));
        new NoAugmentation().Apply(batch, used);
        Assert.True(torch.rand([4], used).equal(torch.rand([4], fresh)));
    }

    [Fact]
    public void Keeps_targets_as_they_are_and_takes_no_options()
    {
        Assert.DoesNotContain(typeof(NoAugmentation).GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDeclaresAugmentationTraits<>));
        Assert.False(AugmentationTraits.Default.MixesTargets);
        var constructor = Assert.Single(typeof(NoAugmentation).GetConstructors());
        Assert.Empty(constructor.GetParameters());
    }
}
