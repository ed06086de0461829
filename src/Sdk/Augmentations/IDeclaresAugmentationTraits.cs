namespace LossBench.Sdk.Augmentations;

/// <summary>
/// An augmentation whose traits differ from <see cref="AugmentationTraits.Default"/> (it mixes
/// targets) declares them from its options alone, so the host knows them without constructing it.
/// Traits of referenced augmentations (a chain's members) are added by the host.
/// </summary>
public interface IDeclaresAugmentationTraits<in TOptions>
{
    static abstract AugmentationTraits TraitsOf(TOptions options);
}
