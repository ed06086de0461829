using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// mixup (Zhang et al., 2018): with lambda ~ Beta(alpha, alpha) drawn once per batch and a random
/// permutation pi of the batch, images become lambda x + (1 - lambda) x[pi] and target probabilities
/// lambda q + (1 - lambda) q[pi]; labels stay those of the first image (for accuracy counting).
/// Mixes targets, so losses that need hard labels are refused with it. All randomness comes from the
/// generator: lambda is sampled by MathNet from a seed drawn from it.
/// </summary>
[Plugin("mixup", Summary = "mixup: convex combinations of image pairs and of their targets, lambda ~ Beta(alpha, alpha) (alpha 0.2)")]
public sealed class MixupAugmentation(MixupOptions options) : IAugmentation, IDeclaresAugmentationTraits<MixupOptions>
{
    public static AugmentationTraits TraitsOf(MixupOptions options) => new() { MixesTargets = true };

    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var lambda = Lambda(generator);
        var permutation = PerImageDraws.Permutation(generator, batch.Images.shape[0], batch.Images.device);
        var images = batch.Images * lambda + batch.Images.index_select(0, permutation) * (1 - lambda);
        var targets = batch.TargetProbs * lambda + batch.TargetProbs.index_select(0, permutation) * (1 - lambda);
        return AugmentationScope.Keep(scope, new Batch(images, batch.Labels, targets));
    }

    /// <summary>One Beta(alpha, alpha) draw, reproducible from the generator.</summary>
    internal double Lambda(Generator generator) => PerImageDraws.Beta(generator, options.Alpha);
}
