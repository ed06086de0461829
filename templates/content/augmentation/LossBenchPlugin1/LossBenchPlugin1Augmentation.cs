using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1;

/// <summary>
/// Random brightness: each image is multiplied by its own factor drawn uniformly from
/// [1 - strength, 1 + strength], then clamped to [0, 1]. Labels and targets are unchanged.
/// Replace it with your own; keep the contract (same shapes, images in [0, 1], randomness only from
/// the generator Apply receives).
/// </summary>
[Plugin("plugin-kebab-name", Summary = "Random brightness: each image scaled by a factor in [1 - strength, 1 + strength]")]
public sealed class LossBenchPlugin1Augmentation(LossBenchPlugin1Options options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        if (options.Strength == 0) return batch;
        // The host seeds the generator per (seed, data set, augmentation): the same run gives the same batches.
        var factors = rand([batch.Images.shape[0], 1, 1, 1], generator) * (2 * options.Strength) + (1 - options.Strength);
        return batch with { Images = (batch.Images * factors).clamp(0, 1) };
    }
}
