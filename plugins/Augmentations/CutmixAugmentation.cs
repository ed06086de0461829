using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// CutMix (Yun et al., 2019): lambda ~ Beta(alpha, alpha) is drawn once per batch (as mixup draws
/// it) and a random permutation pi pairs every image with a partner. Each image gets a box of
/// floor(H sqrt(1 - lambda)) x floor(W sqrt(1 - lambda)) pixels, centred on its own uniformly drawn
/// pixel and clipped at the borders, filled with the same pixels of its partner. The target is
/// w q + (1 - w) q[pi] where 1 - w is the fraction of the image actually pasted (after clipping),
/// per image; labels stay those of the first image (for accuracy counting). Mixes targets, so
/// losses that need hard labels are refused with it. One centre per image rather than per batch
/// (the paper's code) costs nothing more batched and varies the boxes within a batch.
/// </summary>
[Plugin("cutmix", Summary = "CutMix: paste a box of area 1 - lambda from a partner image, targets mixed by the pasted area; lambda ~ Beta(alpha, alpha) (alpha 1)")]
public sealed class CutmixAugmentation(CutmixOptions options) : IAugmentation, IDeclaresAugmentationTraits<CutmixOptions>
{
    public static AugmentationTraits TraitsOf(CutmixOptions options) => new() { MixesTargets = true };

    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (batch.Images.shape[0], batch.Images.shape[2], batch.Images.shape[3]);
        var device = batch.Images.device;
        var lambda = PerImageDraws.Beta(generator, options.Alpha);
        var partner = PerImageDraws.Permutation(generator, n, device);
        var centreRows = PerImageDraws.Integers(generator, 0, h, [n], device);
        var centreColumns = PerImageDraws.Integers(generator, 0, w, [n], device);
        var (boxHeight, boxWidth) = BoxSize(lambda, h, w);
        var mask = ImageBoxes.Centred(centreRows, centreColumns,
            full([1], boxHeight, ScalarType.Int64, device), full([1], boxWidth, ScalarType.Int64, device), h, w);
        var images = where(mask, batch.Images.index_select(0, partner), batch.Images);
        // The weight of the image's own target: the fraction of its pixels that were not pasted over.
        var kept = 1 - mask.to(ScalarType.Float32).mean([1, 2, 3]).view(n, 1);
        var targets = batch.TargetProbs * kept + batch.TargetProbs.index_select(0, partner) * (1 - kept);
        return AugmentationScope.Keep(scope, batch with { Images = images, TargetProbs = targets });
    }

    /// <summary>The box's height and width before clipping: floor(H sqrt(1 - lambda)), floor(W sqrt(1 - lambda)).</summary>
    internal static (long Height, long Width) BoxSize(double lambda, long height, long width)
    {
        var side = Math.Sqrt(1 - lambda);
        return ((long)Math.Floor(height * side), (long)Math.Floor(width * side));
    }
}
