using LossBench.Sdk.Augmentations;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>The augmentation contract on the plugin built from <paramref name="optionsYaml"/>, after <see cref="Valid{TPlugin}"/>.</summary>
    public static void Augmentation<TAugmentation>(string? optionsYaml = null) where TAugmentation : class, IAugmentation
    {
        var augmentation = Build<TAugmentation>(optionsYaml, out var options);
        try
        {
            var traits = Declared<AugmentationTraits>(typeof(TAugmentation), typeof(IDeclaresAugmentationTraits<>), options) ?? AugmentationTraits.Default;
            Augmentation(augmentation, traits, NameOf(typeof(TAugmentation)));
        }
        finally
        {
            (augmentation as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// An augmentation's contract, on a batch of 16 RGB 12x12 images of 5 classes:
    /// <list type="number">
    /// <item>shape: images, labels and targets keep their shapes and types;</item>
    /// <item>range: images stay in [0, 1]; target rows stay distributions, and unchanged unless
    /// <see cref="AugmentationTraits.MixesTargets"/>;</item>
    /// <item>determinism: two generators with one seed give identical batches;</item>
    /// <item>no leaked tensors: after the call's dispose scope ends, libtorch holds no more tensors than before.</item>
    /// </list>
    /// The last check counts libtorch's tensors in the whole process: a test that creates tensors on
    /// another thread at the same time can disturb it, so it is repeated before it fails.
    /// </summary>
    public static void Augmentation(IAugmentation augmentation, AugmentationTraits? traits = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        traits ??= AugmentationTraits.Default;
        name ??= NameOf(augmentation.GetType());
        using (var scope = NewDisposeScope())
        {
            var input = TestData.Batch(count: 16, channels: 3, height: 12, width: 12, classes: 5, seed: 0);
            var first = Apply(augmentation, input, seed: 7, name);
            CheckBatch(first, input, traits, name);
            var again = Apply(augmentation, TestData.Batch(count: 16, channels: 3, height: 12, width: 12, classes: 5, seed: 0), seed: 7, name);
            if (!first.Images.equal(again.Images) || !first.TargetProbs.equal(again.TargetProbs) || !first.Labels.equal(again.Labels))
                throw Fail(name, "determinism", "two generators with the same seed gave different batches: take all randomness from the generator Apply receives");
        }
        CheckNoLeak(() =>
        {
            var input = TestData.Batch(count: 16, channels: 3, height: 12, width: 12, classes: 5, seed: 1);
            Apply(augmentation, input, seed: 8, name);
        }, name, "no leaked tensors", "Apply");
    }

    private static Batch Apply(IAugmentation augmentation, Batch input, ulong seed, string name)
    {
        using var generator = new Generator(seed);
        try
        {
            return augmentation.Apply(input, generator);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail(name, "Apply", $"threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static void CheckBatch(Batch output, Batch input, AugmentationTraits traits, string name)
    {
        if (!output.Images.shape.SequenceEqual(input.Images.shape) || output.Images.dtype != ScalarType.Float32)
            throw Fail(name, "shape", $"images [16, 3, 12, 12] float32 came back as [{string.Join(", ", output.Images.shape)}] {output.Images.dtype}");
        if (!output.Labels.shape.SequenceEqual(input.Labels.shape) || output.Labels.dtype != ScalarType.Int64)
            throw Fail(name, "shape", $"labels [16] int64 came back as [{string.Join(", ", output.Labels.shape)}] {output.Labels.dtype}");
        if (!output.TargetProbs.shape.SequenceEqual(input.TargetProbs.shape))
            throw Fail(name, "shape", $"targets [16, 5] came back as [{string.Join(", ", output.TargetProbs.shape)}]");
        var low = output.Images.min().item<float>();
        var high = output.Images.max().item<float>();
        if (!(low >= 0 && high <= 1))
            throw Fail(name, "range", $"images must stay in [0, 1], found values from {low} to {high} (clamp them)");
        var rowSums = output.TargetProbs.sum(1);
        if (!rowSums.allclose(ones_like(rowSums), rtol: 0, atol: 1e-5) || output.TargetProbs.min().item<float>() < 0)
            throw Fail(name, "range", "a row of the target probabilities is not a distribution (non-negative, summing to 1)");
        if (!traits.MixesTargets && !output.TargetProbs.equal(input.TargetProbs))
            throw Fail(name, "targets", "the target probabilities changed, but the augmentation does not declare MixesTargets (IDeclaresAugmentationTraits): the host would pair it with losses that read hard labels only");
    }

    /// <summary>Runs <paramref name="action"/> in a dispose scope and fails when libtorch holds more tensors after the scope than before it.</summary>
    private static void CheckNoLeak(Action action, string name, string check, string call)
    {
        var leaked = LeakedTensors(() =>
        {
            using (NewDisposeScope()) action();
        });
        if (leaked > 0)
            throw Fail(name, check, $"{leaked} tensor(s) created by {call} outlived its dispose scope (moved out, detached from the scope or kept in a field): " +
                                    "create tensors inside the call, or dispose what you keep");
    }
}
