using LossBench.PluginSupport.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using Xunit;
using static LossBench.Torch.torch;

namespace LossBench.PluginSupport.Tests;

/// <summary>
/// The corruption functions: each against a closed form or a hand-worked example, each kind's
/// distortion growing with severity, and the corrupted split's determinism and invariants.
/// </summary>
public sealed class CorruptionTests
{
    /// <summary>
    /// Images with structure at several scales: a ramp in a random direction (so that rotating by a
    /// larger angle always moves values further) plus two low-frequency waves, in [0.05, 0.95].
    /// </summary>
    private static Tensor StructuredImages(int count, int channels, int side, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var coordinates = (arange(side).to(ScalarType.Float32) - (side - 1) / 2.0) / side;
        var x = coordinates.reshape([1, 1, 1, side]);
        var y = coordinates.reshape([1, 1, side, 1]);
        Tensor Random(double low, double high) => rand([count, channels, 1, 1], generator) * (high - low) + low;
        var direction = Random(0, 2 * Math.PI);
        var ramp = direction.cos() * x + direction.sin() * y;
        var wave1 = (Random(10, 30) * x + Random(-5, 5) * y + Random(0, 6.3)).sin();
        var wave2 = (Random(-5, 5) * x + Random(10, 30) * y + Random(0, 6.3)).sin();
        var images = 0.5 + 0.4 * ramp + 0.12 * wave1 + 0.12 * wave2;
        return images.clamp(0.05, 0.95).MoveToOuterDisposeScope();
    }

    private static double MeanSquaredDifference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).square().mean().to(ScalarType.Float64).item<double>();
    }

    /// <summary>The distortion measure of a kind: MSE from the clean images, except where the kind moves one statistic.</summary>
    private static double Distortion(CorruptionKind kind, Tensor clean, Tensor corrupted)
    {
        using var scope = NewDisposeScope();
        return kind switch
        {
            // Lower contrast: smaller spread around each image's channel means (negated so that it grows).
            CorruptionKind.Contrast => -corrupted.std([2, 3]).mean().to(ScalarType.Float64).item<double>(),
            // Brighter: a higher mean intensity.
            CorruptionKind.Brightness => corrupted.mean().to(ScalarType.Float64).item<double>(),
            _ => MeanSquaredDifference(clean, corrupted),
        };
    }

    public static TheoryData<CorruptionKind, int> KindsAndChannels()
    {
        var data = new TheoryData<CorruptionKind, int>();
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            data.Add(kind, 1);
            data.Add(kind, 3);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndChannels))]
    public void Distortion_grows_with_severity_and_values_stay_in_the_unit_interval(CorruptionKind kind, int channels)
    {
        using var scope = NewDisposeScope();
        var side = channels == 1 ? 28 : 32;
        var clean = StructuredImages(48, channels, side, seed: 3);
        var baseline = Distortion(kind, clean, clean);
        var previous = baseline;
        for (var severity = 1; severity <= 5; severity++)
        {
            using var generator = new Generator(11);
            var corrupted = Corruptions.Apply(clean, kind, severity, generator);
            Assert.Equal(clean.shape, corrupted.shape);
            Assert.True(corrupted.min().item<float>() >= 0 && corrupted.max().item<float>() <= 1, $"{kind}@{severity} left [0, 1]");
            var distortion = Distortion(kind, clean, corrupted);
            Assert.True(distortion > previous, $"{kind}: severity {severity} gives {distortion}, not above {previous} at severity {severity - 1}");
            previous = distortion;
        }
    }

    [Fact]
    public void Contrast_scales_each_images_channel_spread_by_the_published_factor()
    {
        using var scope = NewDisposeScope();
        var clean = StructuredImages(8, 3, 32, seed: 5);
        var cleanSpread = clean.std([2, 3]);
        // CIFAR-10-C contrast factors (Hendrycks & Dietterich 2019, make_cifar_c.py).
        double[] factors = [0.75, 0.5, 0.4, 0.3, 0.15];
        for (var severity = 1; severity <= 5; severity++)
        {
            using var generator = new Generator(0);
            var corrupted = Corruptions.Apply(clean, CorruptionKind.Contrast, severity, generator);
            // (x - m) c + m: the mean stays, the spread is multiplied by c (no clipping: it is a convex combination).
            Assert.True(allclose(corrupted.std([2, 3]), cleanSpread * factors[severity - 1], rtol: 1e-4, atol: 1e-6));
            Assert.True(allclose(corrupted.mean([2, 3]), clean.mean([2, 3]), rtol: 1e-4, atol: 1e-6));
        }
    }

    [Fact]
    public void Brightness_adds_to_grey_values_and_raises_the_largest_channel_keeping_the_ratios()
    {
        using var scope = NewDisposeScope();
        // Grey: MNIST-C's brightness is min(x + c, 1).
        var grey = tensor(new float[] { 0f, 0.5f, 0.8f, 1f }, [1, 1, 2, 2]);
        var brighter = Corruptions.Brightness(grey, 0.3);
        Assert.Equal([0.3f, 0.8f, 1f, 1f], brighter.ToArray<float>().Select(v => MathF.Round(v, 6)));

        // Colour (R, G, B) = (0.4, 0.2, 0.1): HSV value 0.4 becomes 0.5, hue and saturation kept, so
        // every channel is scaled by 0.5 / 0.4: (0.5, 0.25, 0.125). Black becomes grey (0.1, 0.1, 0.1).
        var colour = tensor(new float[] { 0.4f, 0f, 0.2f, 0f, 0.1f, 0f }, [1, 3, 1, 2]);
        var raised = Corruptions.Brightness(colour, 0.1).ToArray<float>();
        Assert.Equal([0.5f, 0.1f, 0.25f, 0.1f, 0.125f, 0.1f], raised.Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void Gaussian_noise_has_the_published_standard_deviation()
    {
        using var scope = NewDisposeScope();
        var clean = full([16, 3, 64, 64], 0.5);
        double[] std = [0.04, 0.06, 0.08, 0.09, 0.10]; // CIFAR-10-C gaussian_noise
        var n = 16 * 3 * 64 * 64;
        for (var severity = 1; severity <= 5; severity++)
        {
            using var generator = new Generator((ulong)severity);
            var noise = Corruptions.Apply(clean, CorruptionKind.GaussianNoise, severity, generator) - clean;
            // At 0.5, clipping needs 5 standard deviations; the sample std has sd std / sqrt(2n).
            var measured = noise.std().item<float>();
            Assert.InRange(measured, std[severity - 1] * (1 - 4 / Math.Sqrt(2.0 * n)), std[severity - 1] * (1 + 4 / Math.Sqrt(2.0 * n)));
            Assert.InRange(noise.mean().item<float>(), -4 * std[severity - 1] / Math.Sqrt(n), 4 * std[severity - 1] / Math.Sqrt(n));
        }
    }

    [Fact]
    public void Shot_noise_counts_are_poisson_in_the_exact_range_and_near_it_in_the_approximate_one()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        const int n = 200_000;
        // Rate 2 (x = 0.02, 100 photons): exact sampling. P(0) = e^-2, P(1) = 2 e^-2.
        var counts = Corruptions.ShotNoise(full([1, 1, 1, n], 0.02), 100, generator) * 100;
        var values = counts.ToArray<float>().Select(v => (int)MathF.Round(v)).ToArray();
        double Fraction(int k) => values.Count(v => v == k) / (double)n;
        double Tolerance(double p) => 4 * Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(Fraction(0), Math.Exp(-2) - Tolerance(Math.Exp(-2)), Math.Exp(-2) + Tolerance(Math.Exp(-2)));
        Assert.InRange(Fraction(1), 2 * Math.Exp(-2) - Tolerance(2 * Math.Exp(-2)), 2 * Math.Exp(-2) + Tolerance(2 * Math.Exp(-2)));
        Assert.InRange(Fraction(4), 2.0 / 3 * Math.Exp(-2) - Tolerance(2.0 / 3 * Math.Exp(-2)), 2.0 / 3 * Math.Exp(-2) + Tolerance(2.0 / 3 * Math.Exp(-2)));

        // Rate 0 gives no photons; rates all above the exact range leave nothing to sample exactly.
        Assert.Equal(0f, Corruptions.ShotNoise(zeros([2, 3, 8, 8]), 50, generator).abs().max().item<float>());
        var bright = Corruptions.ShotNoise(full([2, 3, 8, 8], 0.8), 500, generator);
        Assert.InRange(bright.mean().item<float>(), 0.8 - 4 * Math.Sqrt(0.8 / 500 / 384), 0.8 + 4 * Math.Sqrt(0.8 / 500 / 384));

        // Rate 15 (exact) and rate 50 (normal approximation): mean and variance equal the rate.
        foreach (var (x, photons) in new[] { (0.15, 100.0), (0.5, 100.0) })
        {
            var rate = x * photons;
            var c = Corruptions.ShotNoise(full([1, 1, 1, n], x), photons, generator) * photons;
            var mean = c.to(ScalarType.Float64).mean().item<double>();
            var variance = c.to(ScalarType.Float64).var().item<double>();
            Assert.InRange(mean, rate - 4 * Math.Sqrt(rate / n), rate + 4 * Math.Sqrt(rate / n));
            // Var of the sample variance of a Poisson is about (2 rate^2 + rate) / n.
            var sd = Math.Sqrt((2 * rate * rate + rate) / n);
            Assert.InRange(variance, rate - 4 * sd, rate + 4 * sd);
        }
    }

    [Fact]
    public void Impulse_noise_replaces_the_published_fraction_half_by_salt_half_by_pepper()
    {
        using var scope = NewDisposeScope();
        double[] amount = [0.01, 0.02, 0.03, 0.05, 0.07]; // CIFAR-10-C impulse_noise
        var clean = full([8, 3, 64, 64], 0.5);
        const int n = 8 * 3 * 64 * 64;
        for (var severity = 1; severity <= 5; severity++)
        {
            using var generator = new Generator(7);
            var corrupted = Corruptions.Apply(clean, CorruptionKind.ImpulseNoise, severity, generator);
            var salt = corrupted.eq(1).sum().item<long>() / (double)n;
            var pepper = corrupted.eq(0).sum().item<long>() / (double)n;
            var unchanged = corrupted.eq(0.5f).sum().item<long>();
            Assert.Equal(n, (long)Math.Round((salt + pepper) * n) + unchanged);
            var p = amount[severity - 1] / 2;
            var tolerance = 4 * Math.Sqrt(p * (1 - p) / n);
            Assert.InRange(salt, p - tolerance, p + tolerance);
            Assert.InRange(pepper, p - tolerance, p + tolerance);
        }
    }

    [Fact]
    public void Blur_of_a_point_is_the_truncated_normalised_gaussian_kernel()
    {
        using var scope = NewDisposeScope();
        var point = zeros([1, 1, 15, 15]);
        point[0, 0, 7, 7].fill_(1);
        const double sigma = 1.0; // CIFAR-10-C gaussian_blur, severity 5
        var blurred = Corruptions.Apply(point, CorruptionKind.Blur, 5, new Generator(0));
        // Kernel exp(-i^2 / 2) for |i| <= 4 (truncation at 4 sigma), normalised; the 2-D kernel is its outer product.
        var weights = Enumerable.Range(-4, 9).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var total = weights.Sum();
        var image = blurred.reshape([15, 15]);
        for (var dy = -5; dy <= 5; dy++)
        for (var dx = -5; dx <= 5; dx++)
        {
            var expected = Math.Abs(dy) > 4 || Math.Abs(dx) > 4 ? 0 : weights[dy + 4] * weights[dx + 4] / (total * total);
            Assert.Equal(expected, image[7 + dy, 7 + dx].item<float>(), 1e-6);
        }
        Assert.Equal(1.0, blurred.sum().item<float>(), 1e-5);
    }

    [Fact]
    public void Pixelate_averages_blocks_and_repeats_them()
    {
        using var scope = NewDisposeScope();
        var image = tensor(Enumerable.Range(0, 16).Select(i => i / 16f).ToArray(), [1, 1, 4, 4]);
        var pixelated = Corruptions.Pixelate(image, 2, 2).reshape([16]).ToArray<float>();
        // Blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}, each /16: means 2.5, 4.5, 10.5, 12.5.
        float[] expected = [2.5f, 2.5f, 4.5f, 4.5f, 2.5f, 2.5f, 4.5f, 4.5f, 10.5f, 10.5f, 12.5f, 12.5f, 10.5f, 10.5f, 12.5f, 12.5f];
        Assert.Equal(expected.Length, pixelated.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i] / 16f, pixelated[i], 1e-6);

        // 3 -> 2 -> 3: output pixel 0 covers input [0, 1.5): (a + b / 2) / 1.5; pixel 1 covers [1.5, 3).
        // Back up, pixel 0 covers small [0, 2/3), pixel 1 small [2/3, 4/3) (half of each), pixel 2 [4/3, 2).
        var row = tensor(new float[] { 0.9f, 0.3f, 0.6f }, [1, 1, 1, 3]);
        var back = Corruptions.Pixelate(row, 1, 2).ToArray<float>();
        double left = (0.9 + 0.3 / 2) / 1.5, right = (0.3 / 2 + 0.6) / 1.5;
        Assert.Equal([left, (left + right) / 2, right], back.Select(v => (double)v), new ToleranceComparer(1e-6));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }

    [Fact]
    public void Rotation_by_a_quarter_turn_moves_pixels_to_their_rotated_places_and_zero_keeps_them()
    {
        using var scope = NewDisposeScope();
        var image = tensor(Enumerable.Range(0, 2 * 25).Select(i => (i % 25) / 25f + (i / 25) * 0.01f).ToArray(), [1, 2, 5, 5]);
        var same = Corruptions.Rotate(image, tensor(new float[] { 0f }));
        Assert.True(allclose(same, image, atol: 1e-5));

        var turned = Corruptions.Rotate(image, tensor(new float[] { (float)(Math.PI / 2) }));
        // A quarter turn maps pixel centres onto pixel centres: out[i, j] = in[j, 4 - i] one way round,
        // in[4 - j, i] the other.
        var counterClockwise = image.transpose(2, 3).flip(2);
        var clockwise = image.transpose(2, 3).flip(3);
        Assert.True(allclose(turned, counterClockwise, atol: 1e-5) || allclose(turned, clockwise, atol: 1e-5));
        Assert.False(allclose(turned, image, atol: 1e-3));
    }

    [Fact]
    public void The_same_corruption_twice_gives_the_same_images()
    {
        using var scope = NewDisposeScope();
        var clean = StructuredImages(20, 3, 32, seed: 1);
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            using var split = new TensorDataset(clean.clone().DetachFromDisposeScope(), arange(20).DetachFromDisposeScope());
            using var first = Corruptions.Apply(split, new CorruptionSplit(kind, 3));
            using var again = Corruptions.Apply(split, new CorruptionSplit(kind, 3));
            Assert.True(first.Images.equal(again.Images), $"{kind} is not deterministic");
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), first.Labels.ToArray<long>());
        }
    }
}
