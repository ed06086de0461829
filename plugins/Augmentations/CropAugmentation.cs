using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Random crop with zero padding: each image is padded with <c>padding</c> zero pixels on every
/// side and an H x W window at a uniformly drawn integer offset (0 .. 2 padding in each direction)
/// is cut back out, i.e. the content is shifted by -padding .. +padding pixels with zeros moving in.
/// Exact integer shifts: the windows are gathered with index tensors, nothing is interpolated.
/// </summary>
[Plugin("crop", Summary = "Zero-pad by padding (4) pixels, then cut a random H x W window per image")]
public sealed class CropAugmentation(CropOptions options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        if (options.Padding == 0) return batch;
        using var scope = NewDisposeScope();
        var images = Crop(batch.Images, options.Padding, generator);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }

    /// <summary>Random windows: offsets drawn per image (rows first, then columns), then <see cref="Window"/>.</summary>
    internal static Tensor Crop(Tensor images, int padding, Generator generator)
    {
        var n = images.shape[0];
        var offsets = PerImageDraws.Integers(generator, 0, 2L * padding + 1, [2, n], images.device);
        return Window(images, padding, offsets[0], offsets[1]);
    }

    /// <summary>
    /// The H x W window of the zero-padded image starting at (top, left) in padded coordinates,
    /// per image: two gathers, first the rows, then the columns.
    /// </summary>
    internal static Tensor Window(Tensor images, int padding, Tensor top, Tensor left)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var padded = nn.functional.pad(images, [padding, padding, padding, padding]);
        var paddedWidth = w + 2L * padding;
        var rows = (top.view(n, 1) + arange(h, device: images.device).view(1, h)).view(n, 1, h, 1).expand(n, c, h, paddedWidth);
        var columns = (left.view(n, 1) + arange(w, device: images.device).view(1, w)).view(n, 1, 1, w).expand(n, c, h, w);
        return padded.gather(2, rows).gather(3, columns);
    }
}
