using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using static LossBench.Torch.torch;
using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.PluginSupport.Datasets;

/// <summary>
/// Common corruptions of images (float32 [N, C, H, W] in [0, 1]) as batched tensor operations, after
/// CIFAR-10-C and MNIST-C; the parameters per severity are in <see cref="CorruptionSeverities"/>.
/// Every result is in [0, 1] and has the input's shape; all randomness comes from the given generator.
/// The functions taking a parameter are public so that the built-in plugins (an augmentation, a data
/// set) can use other strengths than the five severities. The host makes the corrupted test splits
/// with these through <see cref="SplitCorruptor"/>.
/// </summary>
public static class Corruptions
{
    /// <summary>Images corrupted per batch of this many, so that the intermediate tensors stay small.</summary>
    private const int BatchImages = 1024;

    /// <summary>
    /// Below this Poisson rate shot noise is sampled exactly (inverse transform); from it on the normal
    /// approximation N(rate, rate), rounded, is used. See <see cref="ShotNoise"/>.
    /// </summary>
    public const double ExactPoissonBelow = 20;

    /// <summary>
    /// The seed of a corruption split's randomness: the first 8 bytes (little-endian) of
    /// SHA-256("lossbench\ncorruption\n&lt;kind&gt;\n&lt;severity&gt;"), top bit cleared. It depends on
    /// nothing else (not the benchmark seed, not the global generator), so every cell of a benchmark
    /// is evaluated on the very same corrupted images.
    /// </summary>
    public static ulong SeedOf(CorruptionSplit corruption)
    {
        var text = $"lossbench\ncorruption\n{CorruptionSplit.NameOf(corruption.Kind)}\n{corruption.Severity.ToString(CultureInfo.InvariantCulture)}";
        return BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }

    /// <summary>
    /// The test split under <paramref name="corruption"/>: images corrupted with a generator seeded by
    /// <see cref="SeedOf"/>, labels and bias attribute copied unchanged. The new data set owns its
    /// tensors (they belong to no dispose scope).
    /// </summary>
    public static TensorDataset Apply(TensorDataset split, CorruptionSplit corruption)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(SeedOf(corruption), split.Images.device);
        var images = Apply(split.Images, corruption.Kind, corruption.Severity, generator);
        return new TensorDataset(
            images.DetachFromDisposeScope(),
            split.Labels.clone().DetachFromDisposeScope(),
            split.BiasAttribute?.clone().DetachFromDisposeScope());
    }

    /// <summary>
    /// <paramref name="images"/> under <paramref name="kind"/> at <paramref name="severity"/> (1-5),
    /// computed in batches of <see cref="BatchImages"/> images in order, so the result depends only
    /// on the images and the generator's state.
    /// </summary>
    public static Tensor Apply(Tensor images, CorruptionKind kind, int severity, Generator generator)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"images must be [N,C,H,W], got shape [{string.Join(",", images.shape)}]", nameof(images));
        var parameter = CorruptionSeverities.Of(kind, severity);
        var count = images.shape[0];
        var parts = new List<Tensor>();
        using var scope = NewDisposeScope();
        for (long start = 0; start < count; start += BatchImages)
        {
            using var batchScope = NewDisposeScope();
            var batch = images.narrow(0, start, Math.Min(BatchImages, count - start));
            parts.Add(ApplyOne(batch, kind, parameter, generator).MoveToOuterDisposeScope());
        }
        var result = parts.Count == 0 ? images.clone() : cat(parts, 0);
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor ApplyOne(Tensor batch, CorruptionKind kind, double parameter, Generator generator) => kind switch
    {
        CorruptionKind.GaussianNoise => GaussianNoise(batch, parameter, generator),
        CorruptionKind.ShotNoise => ShotNoise(batch, parameter, generator),
        CorruptionKind.ImpulseNoise => ImpulseNoise(batch, parameter, generator),
        CorruptionKind.Blur => GaussianBlur(batch, parameter),
        CorruptionKind.Contrast => Contrast(batch, parameter),
        CorruptionKind.Brightness => Brightness(batch, parameter),
        CorruptionKind.Pixelate => Pixelate(batch,
            Math.Max(1, (int)(batch.shape[2] * parameter)), Math.Max(1, (int)(batch.shape[3] * parameter))),
        CorruptionKind.Rotation => Rotate(batch, RandomDirections(batch.shape[0], parameter, generator)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown corruption kind"),
    };

    /// <summary>clip(x + std z), z standard normal per value (CIFAR-10-C gaussian_noise).</summary>
    public static Tensor GaussianNoise(Tensor images, double std, Generator generator)
    {
        using var scope = NewDisposeScope();
        var noise = randn(images.shape, generator, images.dtype, images.device);
        return (images + noise * std).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// clip(Poisson(x c) / c) per value, c photons per unit of intensity (CIFAR-10-C shot_noise).
    /// Adapted: the engine has no Poisson sampler, so rates below <see cref="ExactPoissonBelow"/> are
    /// sampled exactly by inverse transform (the count of cumulative probabilities a uniform draw
    /// exceeds, all values at once), and higher rates by the normal approximation rounded to a whole
    /// count, whose skewness 1/sqrt(rate) is at most 0.22 there.
    /// </summary>
    public static Tensor ShotNoise(Tensor images, double photons, Generator generator)
    {
        using var scope = NewDisposeScope();
        var rates = images.to(ScalarType.Float64) * photons;
        var approximate = (rates + rates.sqrt() * randn(rates.shape, generator, ScalarType.Float64, rates.device)).round().clamp_min(0);
        var exactMask = rates.lt(ExactPoissonBelow);
        var flatMask = exactMask.flatten();
        var smallRates = rates.flatten().masked_select(flatMask);
        var exact = PoissonByInverseTransform(smallRates, generator);
        var positions = flatMask.nonzero().flatten();
        var exactAll = zeros_like(rates.flatten()).scatter(0, positions, exact).reshape(rates.shape);
        var counts = where(exactMask, exactAll, approximate);
        return (counts / photons).clamp(0, 1).to(images.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Poisson counts for 1-D float64 rates by inverse transform: X is the first k with
    /// u &lt;= P(X &lt;= k), u uniform. Each step settles the values whose cumulative probability has
    /// reached their draw and carries on with the rest only, so the work is about n (E[X] + 1) rather
    /// than n times the largest count.
    /// </summary>
    private static Tensor PoissonByInverseTransform(Tensor rates, Generator generator)
    {
        // For rates below 20 the probability of a count above 200 is below 1e-100: the bound only
        // guards against a uniform draw that rounding keeps above every cumulative sum.
        const int maxCount = 200;
        var n = rates.shape[0];
        if (n == 0) return zeros([0], ScalarType.Float64, rates.device);
        using var scope = NewDisposeScope();
        var uniform = rand([n], generator, ScalarType.Float64, rates.device);
        var index = arange(n, ScalarType.Int64, rates.device);
        var rate = rates.clone();
        var probability = (-rates).exp();
        var cumulative = probability.clone();
        var settledIndices = new List<Tensor>();
        var settledCounts = new List<Tensor>();
        for (var k = 0; index.shape[0] > 0; k++)
        {
            using var step = NewDisposeScope();
            var above = k < maxCount ? uniform.gt(cumulative) : zeros(uniform.shape, ScalarType.Bool, uniform.device);
            var settled = index.masked_select(above.logical_not());
            settledIndices.Add(settled.MoveToOuterDisposeScope());
            settledCounts.Add(full([settled.shape[0]], k, ScalarType.Float64, rates.device).MoveToOuterDisposeScope());
            var nextRate = rate.masked_select(above);
            var nextProbability = probability.masked_select(above) * nextRate / (k + 1);
            Tensor[] next =
            [
                uniform.masked_select(above), index.masked_select(above), nextRate,
                nextProbability, cumulative.masked_select(above) + nextProbability,
            ];
            foreach (var tensor in new[] { uniform, index, rate, probability, cumulative }) tensor.Dispose();
            foreach (var tensor in next) tensor.MoveToOuterDisposeScope();
            (uniform, index, rate, probability, cumulative) = (next[0], next[1], next[2], next[3], next[4]);
        }
        var counts = zeros([n], ScalarType.Float64, rates.device).scatter(0, cat(settledIndices, 0), cat(settledCounts, 0));
        return counts.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Salt and pepper: each value independently, with probability <paramref name="amount"/>, becomes
    /// 1 or 0 with equal chance (CIFAR-10-C impulse_noise, scikit-image random_noise mode s&amp;p).
    /// </summary>
    public static Tensor ImpulseNoise(Tensor images, double amount, Generator generator)
    {
        using var scope = NewDisposeScope();
        var replaced = rand(images.shape, generator, ScalarType.Float32, images.device).lt(amount);
        var salt = rand(images.shape, generator, ScalarType.Float32, images.device).lt(0.5).to(images.dtype);
        return where(replaced, salt, images).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Gaussian blur with standard deviation <paramref name="sigma"/> pixels, per channel, the kernel
    /// truncated at round(4 sigma) pixels and the border extended by repeating the edge pixels, as
    /// scikit-image's gaussian (CIFAR-10-C gaussian_blur). Two 1-D convolutions (the kernel is separable).
    /// </summary>
    public static Tensor GaussianBlur(Tensor images, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive");
        using var scope = NewDisposeScope();
        var radius = (int)(4 * sigma + 0.5);
        var weights = new float[2 * radius + 1];
        double total = 0;
        for (var i = -radius; i <= radius; i++) total += Math.Exp(-i * i / (2 * sigma * sigma));
        for (var i = -radius; i <= radius; i++) weights[i + radius] = (float)(Math.Exp(-i * i / (2 * sigma * sigma)) / total);
        var channels = images.shape[1];
        var kernel = tensor(weights, [1, 1, 1, weights.Length], images.dtype, images.device);
        var horizontal = kernel.repeat(channels, 1, 1, 1);
        var vertical = kernel.reshape([1, 1, weights.Length, 1]).repeat(channels, 1, 1, 1);
        var padded = F.pad(images, [radius, radius, radius, radius], "replicate");
        var blurred = F.conv2d(F.conv2d(padded, horizontal, groups: channels), vertical, groups: channels);
        return blurred.clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>(x - m) c + m with m each image's mean per channel (CIFAR-10-C contrast).</summary>
    public static Tensor Contrast(Tensor images, double factor)
    {
        using var scope = NewDisposeScope();
        var means = images.mean([2, 3], keepdim: true);
        return ((images - means) * factor + means).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Raises each pixel's HSV value V (its largest channel) by <paramref name="shift"/>, capped at 1,
    /// keeping hue and saturation (CIFAR-10-C brightness; MNIST-C's grey version is the one-channel
    /// case, min(x + shift, 1)). Keeping hue and saturation scales all channels by V'/V, so no HSV
    /// conversion is needed; a black pixel (V = 0, saturation 0 by convention) becomes grey V'.
    /// </summary>
    public static Tensor Brightness(Tensor images, double shift)
    {
        using var scope = NewDisposeScope();
        var value = images.amax([1], keepdim: true);
        var raised = (value + shift).clamp(0, 1);
        var scaled = images * (raised / value.clamp_min(1e-12));
        return where(value.gt(0).expand_as(images), scaled, raised.expand_as(images)).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Downscaled to <paramref name="height"/> x <paramref name="width"/> and scaled back to the original
    /// size, both times by area averaging: each output pixel is the mean of the input over the area it
    /// covers, input pixels cut by its edges counted by the fraction inside (CIFAR-10-C pixelate).
    /// Adapted: the source resizes with PIL's box filter, which counts an input pixel wholly or not at
    /// all by where its centre falls; the two agree when the sides divide evenly. Each resampling is a
    /// matrix product per axis.
    /// </summary>
    public static Tensor Pixelate(Tensor images, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        using var scope = NewDisposeScope();
        int originalHeight = (int)images.shape[2], originalWidth = (int)images.shape[3];
        var downRows = AreaResampling(originalHeight, height, images);
        var downColumns = AreaResampling(originalWidth, width, images);
        var upRows = AreaResampling(height, originalHeight, images);
        var upColumns = AreaResampling(width, originalWidth, images);
        var small = downRows.matmul(images).matmul(downColumns.t());
        return upRows.matmul(small).matmul(upColumns.t()).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The [to, from] matrix of area resampling along one axis: row i averages the input interval
    /// [i from/to, (i+1) from/to), each input pixel weighted by its overlap with it.
    /// </summary>
    private static Tensor AreaResampling(int from, int to, Tensor like)
    {
        var weights = new float[to * from];
        var scale = (double)from / to;
        for (var i = 0; i < to; i++)
        {
            double start = i * scale, end = (i + 1) * scale;
            for (var j = (int)Math.Floor(start); j < Math.Min(from, (int)Math.Ceiling(end)); j++)
            {
                var overlap = Math.Min(end, j + 1) - Math.Max(start, j);
                if (overlap > 0) weights[i * from + j] = (float)(overlap / scale);
            }
        }
        return tensor(weights, [to, from], like.dtype, like.device);
    }

    /// <summary>
    /// Each image rotated about its centre by its angle in radians (a tensor [N]), bilinear, with
    /// zeros outside the original image (MNIST-C rotate, there with scikit-image's warp).
    /// </summary>
    public static Tensor Rotate(Tensor images, Tensor angles)
    {
        using var scope = NewDisposeScope();
        var theta = RotationTheta(angles, images.shape[2], images.shape[3]).to(images.device, images.dtype);
        var grid = F.affine_grid(theta, images.shape, align_corners: false);
        return F.grid_sample(images, grid, "bilinear", "zeros", align_corners: false).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// affine_grid's matrices [n, 2, 3] (float32) of rotations about the centre by per-image angles in
    /// radians, for images of height x width.
    /// </summary>
    public static Tensor RotationTheta(Tensor angles, long height, long width)
    {
        var n = angles.numel();
        var radians = angles.to(ScalarType.Float32).reshape([n]);
        var cos = radians.cos();
        var sin = radians.sin();
        var zero = zeros_like(cos);
        // affine_grid works in coordinates normalised to [-1, 1] per axis; a rotation in pixels of a
        // non-square image is [[cos, -sin h/w], [sin w/h, cos]] there.
        return stack([cos, sin * (-(double)height / width), zero, sin * ((double)width / height), cos, zero], 1).reshape([n, 2, 3]);
    }

    /// <summary>Angles of magnitude <paramref name="radians"/> with a direction drawn per image.</summary>
    private static Tensor RandomDirections(long count, double radians, Generator generator)
    {
        using var scope = NewDisposeScope();
        var sign = rand([count], generator, device: generator.Device).lt(0.5).to(ScalarType.Float32) * 2 - 1;
        return (sign * radians).MoveToOuterDisposeScope();
    }
}
