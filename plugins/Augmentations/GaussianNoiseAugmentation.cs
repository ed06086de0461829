using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Additive Gaussian noise: every pixel of every channel gets an independent N(0, sigma^2) draw
/// added, and the result is clamped to [0, 1] (so near 0 and 1 the noise is cut off).
/// </summary>
[Plugin("gaussian-noise", Summary = "Add N(0, sigma^2) noise to every pixel (sigma 0.1), then clamp to [0, 1]")]
public sealed class GaussianNoiseAugmentation(GaussianNoiseOptions options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var noise = randn(batch.Images.shape, generator, device: generator.Device).to(batch.Images.device);
        var images = (batch.Images + noise * options.Sigma).clamp(0.0, 1.0);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }
}
