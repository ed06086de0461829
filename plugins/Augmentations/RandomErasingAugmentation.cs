using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Random erasing (Zhong et al., 2020): with probability p an image gets one rectangle replaced by
/// random values (or zeros). The rectangle's area is a uniform fraction in [scale-min, scale-max] of
/// the image, its aspect ratio h / w log-uniform in [ratio-min, ratio-max], h = round(sqrt(area r)),
/// w = round(sqrt(area / r)); a shape that does not fit strictly inside the image (h &lt; H, w &lt; W) is
/// drawn again, up to <see cref="Attempts"/> times, and an image none of whose attempts fit is left
/// alone (the paper's loop, with the retry bound of common implementations). The top-left corner is
/// uniform over the positions where the rectangle fits. Every attempt is drawn for every image,
/// so the draws do not depend on their values.
/// </summary>
[Plugin("random-erasing", Summary = "Erase one rectangle per image with probability p (0.5): area 0.02-0.33 of the image, aspect 0.3-3.3, random or zero fill")]
public sealed class RandomErasingAugmentation(RandomErasingOptions options) : IAugmentation
{
    /// <summary>Shapes tried per image before giving up on it.</summary>
    internal const int Attempts = 10;

    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (batch.Images.shape[0], batch.Images.shape[1], batch.Images.shape[2], batch.Images.shape[3]);
        var device = batch.Images.device;
        var erase = PerImageDraws.Coin(generator, options.P, [n], device);
        var area = (options.ScaleMin + (options.ScaleMax - options.ScaleMin) * PerImageDraws.Uniform(generator, [n, Attempts], device)) * (double)(h * w);
        var (logMin, logMax) = (Math.Log(options.RatioMin), Math.Log(options.RatioMax));
        var ratio = (logMin + (logMax - logMin) * PerImageDraws.Uniform(generator, [n, Attempts], device)).exp();
        var heights = (area * ratio).sqrt().round().to(ScalarType.Int64);
        var widths = (area / ratio).sqrt().round().to(ScalarType.Int64);
        var fits = heights.lt(h) & widths.lt(w) & heights.ge(1) & widths.ge(1);
        // The first attempt that fits: the largest of fits * (Attempts - k) is unique.
        var preference = fits.to(ScalarType.Int64) * (Attempts - arange(Attempts, device: device)).view(1, Attempts);
        var chosen = preference.argmax(1, keepdim: true);
        erase = erase & fits.any(1);
        var boxHeight = heights.gather(1, chosen).view(n);
        var boxWidth = widths.gather(1, chosen).view(n);
        var corner = PerImageDraws.Uniform(generator, [2, n], device);
        var top = (corner[0] * (h - boxHeight + 1).to(ScalarType.Float32)).floor().to(ScalarType.Int64);
        var left = (corner[1] * (w - boxWidth + 1).to(ScalarType.Float32)).floor().to(ScalarType.Int64);
        var mask = ImageBoxes.Mask(top, left, boxHeight, boxWidth, h, w) & erase.view(n, 1, 1, 1);
        var fill = options.Fill == ErasingFill.Random
            ? PerImageDraws.Uniform(generator, [n, c, h, w], device)
            : zeros([1], ScalarType.Float32, device);
        var images = where(mask, fill, batch.Images);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }
}
