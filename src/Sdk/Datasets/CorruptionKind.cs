namespace LossBench.Sdk.Datasets;

/// <summary>
/// The common corruptions a test split can be evaluated under, after Hendrycks &amp; Dietterich
/// (2019), "Benchmarking Neural Network Robustness to Common Corruptions and Perturbations"
/// (CIFAR-10-C) and Mu &amp; Gilmer (2019), "MNIST-C". Their names in split names are kebab-case
/// (<c>gaussian-noise</c>); docs/datasets.md gives each one's strength at each severity. The host
/// applies them (<see cref="ISplitCorruptor"/>).
/// </summary>
public enum CorruptionKind
{
    /// <summary>Additive Gaussian noise of a standard deviation that grows with severity.</summary>
    GaussianNoise,
    /// <summary>Poisson (photon) noise: fewer photons per unit of intensity at higher severity.</summary>
    ShotNoise,
    /// <summary>Salt-and-pepper noise: a growing fraction of values set to 0 or 1.</summary>
    ImpulseNoise,
    /// <summary>Gaussian blur of a growing standard deviation.</summary>
    Blur,
    /// <summary>Each image's deviations from its per-channel mean scaled down.</summary>
    Contrast,
    /// <summary>The HSV value (brightness) of every pixel raised.</summary>
    Brightness,
    /// <summary>Downscaled by area averaging and upscaled back by repeating pixels.</summary>
    Pixelate,
    /// <summary>Rotated about the centre by a growing angle, in a random direction per image.</summary>
    Rotation,
}
