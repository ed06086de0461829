using LossBench.Torch;

namespace LossBench.Sdk.Augmentations;

/// <summary>
/// A batched augmentation plugin, applied to every training batch. One that mixes targets says so
/// through <see cref="IDeclaresAugmentationTraits{TOptions}"/>.
/// </summary>
public interface IAugmentation
{
    /// <summary>
    /// Returns the augmented batch. All randomness comes from <paramref name="generator"/> (seeded
    /// by the host per (seed, data set, augmentation)), so a run reproduces to the bit. Images stay
    /// in [0, 1]. The returned tensors may be the input ones when nothing changes.
    /// </summary>
    Batch Apply(Batch batch, Generator generator);
}
