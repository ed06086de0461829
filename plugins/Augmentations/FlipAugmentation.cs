using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Random horizontal flip: each image is mirrored left to right with probability p, decided per
/// image by one uniform draw. The whole batch is flipped once and the mirrored images are selected
/// by mask, so the cost does not depend on how many were chosen.
/// </summary>
[Plugin("flip", Summary = "Horizontal mirror of each image with probability p (0.5)")]
public sealed class FlipAugmentation(FlipOptions options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var images = Flip(batch.Images, options.P, generator);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }

    /// <summary>Mirrors each image with probability p (one draw per image).</summary>
    internal static Tensor Flip(Tensor images, double p, Generator generator)
    {
        var n = images.shape[0];
        var chosen = PerImageDraws.Coin(generator, p, [n], images.device).view(n, 1, 1, 1);
        return where(chosen, images.flip(3), images);
    }
}
