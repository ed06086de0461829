using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// The operations of RandAugment, each on a whole batch at once with per-image parameters, and the
/// mapping of the magnitude M (0-30) to each operation's strength (RandAugment's, as in common
/// implementations, with M = 30 the strongest):
/// rotate by 30 M/30 degrees; shear by a factor 0.3 M/30; translate by round(0.45 M/30 side)
/// pixels (150 of 331 pixels in the paper); brightness and contrast by a factor 1 + 0.9 M/30 or
/// 1 - 0.9 M/30; these take a random sign per image. Solarize inverts pixels at or above 1 - M/30;
/// posterize keeps the top 8 - round(4 M/30) of the 8 bits; identity, autocontrast and equalize
/// have no strength. Geometric operations sample with bilinear interpolation and zero fill
/// (affine_grid/grid_sample, about the image centre, content rotating counter-clockwise for a
/// positive angle and moving right/down for a positive shift). Posterize and equalize work on the
/// image quantised to 256 levels, round(255 x).
/// </summary>
internal static class RandAugmentOps
{
    public const int MaxMagnitude = 30;

    public static double RotateDegrees(int magnitude) => 30.0 * magnitude / MaxMagnitude;

    public static double ShearFactor(int magnitude) => 0.3 * magnitude / MaxMagnitude;

    public static long TranslatePixels(int magnitude, long side) => (long)Math.Round(0.45 * magnitude / MaxMagnitude * side, MidpointRounding.AwayFromZero);

    public static double FactorChange(int magnitude) => 0.9 * magnitude / MaxMagnitude;

    public static double SolarizeThreshold(int magnitude) => 1.0 - (double)magnitude / MaxMagnitude;

    public static int PosterizeBits(int magnitude) => 8 - (int)Math.Round(4.0 * magnitude / MaxMagnitude, MidpointRounding.AwayFromZero);

    /// <summary>One operation on every image of <paramref name="images"/>; <paramref name="signs"/> are +1 or -1 per image (float32 [n]).</summary>
    public static Tensor Apply(RandAugmentOp op, Tensor images, Tensor signs, int magnitude)
    {
        if (IsGeometric(op)) return Warp(images, GeometricTheta(op, signs, magnitude, images.shape[2], images.shape[3]).to(images.device, images.dtype));
        return op switch
        {
            RandAugmentOp.Identity => images,
            RandAugmentOp.AutoContrast => AutoContrast(images),
            RandAugmentOp.Equalize => Equalize(images),
            RandAugmentOp.Solarize => Solarize(images, SolarizeThreshold(magnitude)),
            RandAugmentOp.Posterize => Posterize(images, PosterizeBits(magnitude)),
            RandAugmentOp.Contrast => Contrast(images, 1 + signs * FactorChange(magnitude)),
            RandAugmentOp.Brightness => Brightness(images, 1 + signs * FactorChange(magnitude)),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a RandAugment operation"),
        };
    }

    /// <summary>Rotate, shear and translate: the operations that resample the image through an affine map.</summary>
    public static bool IsGeometric(RandAugmentOp op) =>
        op is RandAugmentOp.Rotate or RandAugmentOp.ShearX or RandAugmentOp.ShearY or RandAugmentOp.TranslateX or RandAugmentOp.TranslateY;

    /// <summary>
    /// affine_grid's matrices [n, 2, 3] (float32) of a geometric operation for n images of h x w with
    /// per-image signs: what <see cref="Warp"/> resamples with. Kept apart from the resampling so that
    /// the images of all geometric operations of a layer share one affine_grid and one grid_sample.
    /// </summary>
    public static Tensor GeometricTheta(RandAugmentOp op, Tensor signs, int magnitude, long h, long w) => op switch
    {
        RandAugmentOp.Rotate => LossBench.PluginSupport.Datasets.Corruptions.RotationTheta(signs * RotateDegrees(magnitude) * (Math.PI / 180), h, w),
        RandAugmentOp.ShearX => ShearTheta(signs * ShearFactor(magnitude), zeros_like(signs), h, w),
        RandAugmentOp.ShearY => ShearTheta(zeros_like(signs), signs * ShearFactor(magnitude), h, w),
        RandAugmentOp.TranslateX => TranslateTheta(signs * TranslatePixels(magnitude, w), zeros_like(signs), h, w),
        RandAugmentOp.TranslateY => TranslateTheta(zeros_like(signs), signs * TranslatePixels(magnitude, h), h, w),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a geometric RandAugment operation"),
    };

    /// <summary>Rotation about the centre by per-image angles in degrees (counter-clockwise for positive).</summary>
    public static Tensor Rotate(Tensor images, Tensor degrees) =>
        Warp(images, LossBench.PluginSupport.Datasets.Corruptions.RotationTheta(degrees * (Math.PI / 180), images.shape[2], images.shape[3]).to(images.device, images.dtype));

    /// <summary>Content moved right by dx and down by dy pixels (per image, float32), zeros moving in.</summary>
    public static Tensor Translate(Tensor images, Tensor dx, Tensor dy) =>
        Warp(images, TranslateTheta(dx, dy, images.shape[2], images.shape[3]).to(images.device, images.dtype));

    /// <summary>Shear about the centre: the output at (x, y) samples the input at (x + sx y, y + sy x).</summary>
    public static Tensor Shear(Tensor images, Tensor sx, Tensor sy) =>
        Warp(images, ShearTheta(sx, sy, images.shape[2], images.shape[3]).to(images.device, images.dtype));

    private static Tensor TranslateTheta(Tensor dx, Tensor dy, long h, long w)
    {
        var (one, zero) = (ones_like(dx), zeros_like(dx));
        return AffineTheta(one, zero, zero, one, -dx, -dy, h, w);
    }

    private static Tensor ShearTheta(Tensor sx, Tensor sy, long h, long w)
    {
        var (one, zero) = (ones_like(sx), zeros_like(sx));
        return AffineTheta(one, sx, sy, one, zero, zero, h, w);
    }

    /// <summary>
    /// The matrices [n, 2, 3] under which the output pixel at offset p from the image centre (in
    /// pixels) samples the input at A p + b. Per-image coefficients, float32 [n]; converted here to
    /// affine_grid's coordinates, which run from -1 to 1 across each side.
    /// </summary>
    private static Tensor AffineTheta(Tensor a11, Tensor a12, Tensor a21, Tensor a22, Tensor b1, Tensor b2, long h, long w)
    {
        var (sh, sw) = ((double)h, (double)w);
        return stack([a11, a12 * (sh / sw), b1 * (2 / sw), a21 * (sw / sh), a22, b2 * (2 / sh)], 1).view(a11.shape[0], 2, 3);
    }

    /// <summary>Bilinear resampling of each image through its own matrix of <paramref name="theta"/>, zero fill, clamped to [0, 1].</summary>
    public static Tensor Warp(Tensor images, Tensor theta)
    {
        var grid = AffineGrid(theta, images.shape[2], images.shape[3]);
        return nn.functional.grid_sample(images, grid, "bilinear", "zeros", align_corners: false).clamp(0.0, 1.0);
    }

    /// <summary>
    /// affine_grid(theta, [n, c, h, w], align_corners: false), bit for bit, as one matrix product.
    /// affine_grid multiplies the pixel coordinates (x, y, 1) by each image's matrix in a batched
    /// product, one small BLAS call per image, whose fixed cost made it the dearest step of
    /// RandAugment. Here all matrices go through one product [2n, 3] x [3, h w]: every grid value is
    /// the same three-term dot product in the same order as BLAS computes it per image, so the same
    /// bits (a test compares them).
    /// The coordinates are affine_grid's own, read from its grid for the identity matrix. The result
    /// is a permuted view [n, h, w, 2], which grid_sample takes as it is.
    /// </summary>
    public static Tensor AffineGrid(Tensor theta, long h, long w)
    {
        var n = theta.shape[0];
        // Below 400 multiply-adds per image ATen's batched product does not call BLAS but a plain
        // loop of its own, whose sums round otherwise: there, affine_grid itself.
        if (3 * h * w * 2 < 400) return nn.functional.affine_grid(theta, [n, 1, h, w], align_corners: false);
        var identity = tensor(new float[] { 1, 0, 0, 0, 1, 0 }, [1, 2, 3], theta.dtype, theta.device);
        var coordinates = nn.functional.affine_grid(identity, [1, 1, h, w], align_corners: false).view(h * w, 2).t();
        var homogeneous = cat([coordinates, ones([1, h * w], theta.dtype, theta.device)], 0);
        return theta.reshape(n * 2, 3).matmul(homogeneous).view(n, 2, h, w).permute(0, 2, 3, 1);
    }

    /// <summary>Per-image factors [n]: x f, clamped.</summary>
    public static Tensor Brightness(Tensor images, Tensor factor) =>
        (images * factor.view(-1, 1, 1, 1)).clamp(0.0, 1.0);

    /// <summary>
    /// Per-image factors [n]: m + f (x - m), clamped, where m is the image's mean grey level
    /// (0.299 R + 0.587 G + 0.114 B for three channels, the channel mean otherwise).
    /// </summary>
    public static Tensor Contrast(Tensor images, Tensor factor)
    {
        var grey = images.shape[1] == 3
            ? images.select(1, 0) * 0.299 + images.select(1, 1) * 0.587 + images.select(1, 2) * 0.114
            : images.mean(1);
        var mean = grey.mean([1, 2]).view(-1, 1, 1, 1);
        return (mean + factor.view(-1, 1, 1, 1) * (images - mean)).clamp(0.0, 1.0);
    }

    /// <summary>Pixels at or above the threshold are inverted (1 - x).</summary>
    public static Tensor Solarize(Tensor images, double threshold) =>
        where(images.ge(threshold), 1 - images, images);

    /// <summary>The 8-bit value round(255 x) keeps its top <paramref name="bits"/> bits.</summary>
    public static Tensor Posterize(Tensor images, int bits)
    {
        var levels = Quantised(images);
        var step = Math.Pow(2, 8 - bits);
        return (levels - levels.fmod(step)) / 255.0;
    }

    /// <summary>Per image and channel, the range [min, max] is stretched to [0, 1]; a constant channel is left alone.</summary>
    public static Tensor AutoContrast(Tensor images)
    {
        var low = images.amin([2, 3], keepdim: true);
        var high = images.amax([2, 3], keepdim: true);
        var constant = high.le(low);
        var scale = where(constant, ones_like(high), 1 / (high - low).clamp_min(1e-12));
        var offset = where(constant, zeros_like(low), low);
        return ((images - offset) * scale).clamp(0.0, 1.0);
    }

    /// <summary>
    /// Histogram equalisation per image and channel over the 256 levels round(255 x), as PIL's
    /// ImageOps.equalize: step = (pixels - count of the highest level present) / 255 (floored);
    /// level v maps to (cumulative count below v + step / 2) / step, and a channel with step 0 is
    /// left alone. Batched: histograms by scatter_add, look-up tables by cumsum and gather.
    /// </summary>
    public static Tensor Equalize(Tensor images)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var levels = Quantised(images).to(ScalarType.Int64).reshape(n * c, h * w);
        var histogram = zeros([n * c, 256], ScalarType.Int64, images.device).scatter_add(1, levels, ones_like(levels));
        var highest = histogram.gather(1, levels.amax([1], keepdim: true));
        var step = (h * w - highest).floor_divide(255);
        var table = (histogram.cumsum(1) + step.floor_divide(2)).floor_divide(step.clamp_min(1));
        // The table is shifted by one level: level v gets the count of the levels below it.
        table = cat([zeros([n * c, 1], ScalarType.Int64, images.device), table.narrow(1, 0, 255)], 1).clamp(0, 255);
        var equalised = where(step.eq(0), levels, table.gather(1, levels));
        return (equalised.to(images.dtype) / 255.0).reshape(n, c, h, w);
    }

    /// <summary>The 256-level value round(255 x) as a float tensor.</summary>
    private static Tensor Quantised(Tensor images) => (images * 255.0).round();
}
