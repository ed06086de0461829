using LossBench.Sdk.Datasets;

namespace LossBench.PluginSupport.Datasets;

/// <summary>
/// The parameter of each corruption at severities 1 to 5. The tables are the published ones, so that
/// a severity here means what it means in the robustness literature:
/// <list type="bullet">
/// <item>gaussian-noise, shot-noise, impulse-noise, blur, contrast, brightness and pixelate: CIFAR-10-C,
/// Hendrycks &amp; Dietterich (2019), the tables of gaussian_noise, shot_noise, impulse_noise,
/// gaussian_blur, contrast, brightness and pixelate in ImageNet-C/create_c/make_cifar_c.py of
/// github.com/hendrycks/robustness. They were made for 32x32 images, the size of the data sets here
/// (MNIST's 28x28 included), rather than ImageNet-C's 224x224.</item>
/// <item>rotation: MNIST-C, Mu &amp; Gilmer (2019), the table of rotate in corruptions.py of
/// github.com/google-research/mnist-c (CIFAR-10-C has no rotation).</item>
/// </list>
/// Where the computation differs from the source's, <see cref="Corruptions"/> says so at the function.
/// </summary>
public static class CorruptionSeverities
{
    /// <summary>Standard deviation of the added noise (CIFAR-10-C gaussian_noise).</summary>
    public static IReadOnlyList<double> GaussianNoiseStd { get; } = [0.04, 0.06, 0.08, 0.09, 0.10];

    /// <summary>Photons per unit of intensity: a pixel x becomes Poisson(x c) / c (CIFAR-10-C shot_noise).</summary>
    public static IReadOnlyList<double> ShotNoisePhotons { get; } = [500, 250, 100, 75, 50];

    /// <summary>Fraction of values replaced by 0 or 1 (CIFAR-10-C impulse_noise, scikit-image's s&amp;p amount).</summary>
    public static IReadOnlyList<double> ImpulseNoiseAmount { get; } = [0.01, 0.02, 0.03, 0.05, 0.07];

    /// <summary>Standard deviation in pixels of the Gaussian kernel (CIFAR-10-C gaussian_blur).</summary>
    public static IReadOnlyList<double> BlurSigma { get; } = [0.4, 0.6, 0.7, 0.8, 1.0];

    /// <summary>Factor the deviations from the per-image, per-channel mean are scaled by (CIFAR-10-C contrast).</summary>
    public static IReadOnlyList<double> ContrastFactor { get; } = [0.75, 0.5, 0.4, 0.3, 0.15];

    /// <summary>Amount added to the HSV value of every pixel (CIFAR-10-C brightness).</summary>
    public static IReadOnlyList<double> BrightnessShift { get; } = [0.05, 0.1, 0.15, 0.2, 0.3];

    /// <summary>Side of the downscaled image as a fraction of the original side (CIFAR-10-C pixelate).</summary>
    public static IReadOnlyList<double> PixelateScale { get; } = [0.95, 0.9, 0.85, 0.75, 0.65];

    /// <summary>Rotation angle in radians, its direction chosen per image (MNIST-C rotate).</summary>
    public static IReadOnlyList<double> RotationRadians { get; } = [0.2, 0.4, 0.6, 0.8, 1.0];

    /// <summary>The parameter of <paramref name="kind"/> at <paramref name="severity"/> (1-5).</summary>
    public static double Of(CorruptionKind kind, int severity)
    {
        if (severity is < CorruptionSplit.MinSeverity or > CorruptionSplit.MaxSeverity)
            throw new ArgumentOutOfRangeException(nameof(severity), severity, $"severity must be {CorruptionSplit.MinSeverity}-{CorruptionSplit.MaxSeverity}");
        var table = kind switch
        {
            CorruptionKind.GaussianNoise => GaussianNoiseStd,
            CorruptionKind.ShotNoise => ShotNoisePhotons,
            CorruptionKind.ImpulseNoise => ImpulseNoiseAmount,
            CorruptionKind.Blur => BlurSigma,
            CorruptionKind.Contrast => ContrastFactor,
            CorruptionKind.Brightness => BrightnessShift,
            CorruptionKind.Pixelate => PixelateScale,
            CorruptionKind.Rotation => RotationRadians,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown corruption kind"),
        };
        return table[severity - 1];
    }
}
