namespace LossBench.Sdk.Augmentations;

/// <summary>What an augmentation does beyond changing pixels.</summary>
public sealed record AugmentationTraits
{
    public static AugmentationTraits Default { get; } = new();

    /// <summary>The augmentation mixes targets (mixup, cutmix): losses that need hard labels cannot be paired with it.</summary>
    public bool MixesTargets { get; init; }

    /// <summary>What an augmentation made of this one and <paramref name="other"/> does.</summary>
    public AugmentationTraits Union(AugmentationTraits other) => new() { MixesTargets = MixesTargets || other.MixesTargets };
}
