using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// RandAugment (Cubuk et al., 2020): <c>ops</c> times in a row, every image gets one operation chosen
/// uniformly from the twelve of <see cref="RandAugmentOp"/> (identity, rotate, translate-x/y,
/// shear-x/y, brightness, contrast, solarize, posterize, autocontrast, equalize), all at the same
/// magnitude (0-30, mapped per operation as <see cref="RandAugmentOps"/> says) with a random sign
/// per image where the operation has a direction. Per layer, the choices and signs are drawn as
/// tensors for the whole batch; images are then grouped by their operation (one sort of the
/// choices), each group is transformed in one batched call and the results are put back in order,
/// so each image is transformed only by its own operation.
/// </summary>
[Plugin("rand-augment", Summary = "RandAugment: ops (2) operations per image from 12 (geometric, colour, histogram), each at magnitude (9 of 30)")]
public sealed class RandAugmentAugmentation(RandAugmentOptions options) : IAugmentation
{
    private static readonly RandAugmentOp[] Operations = Enum.GetValues<RandAugmentOp>();

    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        // About 250 small operations a batch, most on a dozen images: waking the intra-op pool for
        // each cost more than the work (a batch of 128 MNIST images took about twice as long on two
        // threads as on one). Every operation here is elementwise, per image, integer or
        // split by output, so the images are the same bits on one thread (a test checks it).
        using var serial = single_threaded();
        var n = batch.Images.shape[0];
        var device = batch.Images.device;
        // The choices stay where the generator draws them (the host's is on the CPU): grouping reads
        // their counts, and on a GPU that read would wait for the device twice a step.
        var choices = PerImageDraws.Integers(generator, 0, Operations.Length, [options.Ops, n], generator.Device);
        var signs = PerImageDraws.Coin(generator, 0.5, [options.Ops, n], device).to(ScalarType.Float32) * 2 - 1;
        var images = batch.Images;
        for (var layer = 0; layer < options.Ops; layer++)
        {
            images = Grouped(images, choices[layer], signs[layer], options.Magnitude);
        }
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }

    /// <summary>
    /// Each image transformed by the operation <paramref name="choices"/> names for it: the batch is
    /// sorted by operation, every non-empty group goes through its operation once, and the
    /// concatenated results are put back in the original order.
    /// </summary>
    internal static Tensor Grouped(Tensor images, Tensor choices, Tensor signs, int magnitude)
    {
        // Twelve counts, read once: they size the groups (and skip empty ones).
        var counts = choices.bincount(minlength: Operations.Length).cpu().ToArray<long>();
        var order = choices.argsort(0).to(images.device);
        var sortedImages = images.index_select(0, order);
        var sortedSigns = signs.index_select(0, order);
        var (h, w) = (images.shape[2], images.shape[3]);
        var parts = new Tensor?[Operations.Length];
        // The five geometric operations differ only in their matrices: their images are resampled
        // together, one affine_grid and one grid_sample for the layer instead of one per operation
        // (each image's result is the same as through its own operation alone).
        var geometric = new List<(int Op, Tensor Images, Tensor Theta)>();
        long start = 0;
        for (var k = 0; k < Operations.Length; k++)
        {
            if (counts[k] == 0) continue;
            var (groupImages, groupSigns) = (sortedImages.narrow(0, start, counts[k]), sortedSigns.narrow(0, start, counts[k]));
            if (RandAugmentOps.IsGeometric(Operations[k]))
                geometric.Add((k, groupImages, RandAugmentOps.GeometricTheta(Operations[k], groupSigns, magnitude, h, w)));
            else
                parts[k] = RandAugmentOps.Apply(Operations[k], groupImages, groupSigns, magnitude);
            start += counts[k];
        }
        if (geometric.Count > 0)
        {
            var warped = RandAugmentOps.Warp(
                cat(geometric.Select(g => g.Images).ToList(), 0),
                cat(geometric.Select(g => g.Theta).ToList(), 0).to(images.device, images.dtype));
            long offset = 0;
            foreach (var (op, groupImages, _) in geometric)
            {
                parts[op] = warped.narrow(0, offset, groupImages.shape[0]);
                offset += groupImages.shape[0];
            }
        }
        // order[i] is where the i-th sorted image came from; its inverse permutation puts it back.
        return cat(parts.OfType<Tensor>().ToList(), 0).index_select(0, order.argsort(0));
    }
}
