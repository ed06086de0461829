using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Cutout (DeVries and Taylor, 2017): in every image, <c>count</c> squares of side <c>size</c>
/// pixels are set to 0 in all channels. Each centre is uniform over the pixels of the image, so
/// a square near the border is clipped there (as in the paper, whose squares may lie partly
/// outside the image); a square covers rows centre - size/2 .. centre - size/2 + size - 1.
/// </summary>
[Plugin("cutout", Summary = "Zero count (1) squares of side size (8) pixels per image at uniform centres, clipped at the border")]
public sealed class CutoutAugmentation(CutoutOptions options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (batch.Images.shape[0], batch.Images.shape[2], batch.Images.shape[3]);
        var device = batch.Images.device;
        // Centres for every square at once: [count, N] rows, then [count, N] columns.
        var rows = PerImageDraws.Integers(generator, 0, h, [options.Count, n], device);
        var columns = PerImageDraws.Integers(generator, 0, w, [options.Count, n], device);
        var images = batch.Images.masked_fill(Mask(rows, columns, options.Size, h, w), 0);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }

    /// <summary>true where any of an image's squares lies, [N, 1, H, W]; centres are [count, N].</summary>
    internal static Tensor Mask(Tensor centreRows, Tensor centreColumns, int size, long height, long width)
    {
        var side = full([1], size, ScalarType.Int64, centreRows.device);
        Tensor? mask = null;
        for (var k = 0; k < centreRows.shape[0]; k++)
        {
            var square = ImageBoxes.Centred(centreRows[k], centreColumns[k], side, side, height, width);
            mask = mask is null ? square : mask | square;
        }
        return mask!;
    }
}
