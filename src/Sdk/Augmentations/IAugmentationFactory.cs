using LossBench.Sdk.Options;

namespace LossBench.Sdk.Augmentations;

/// <summary>
/// Builds other augmentation plugins, for augmentations made of augmentations (<c>chain</c>): take it in
/// the constructor and the host provides it. Build lazily or in the constructor only after discovery
/// (while plugins are being discovered it cannot build yet; an options-less probe must not call it).
/// </summary>
public interface IAugmentationFactory
{
    /// <summary>The augmentation an entry names: a plugin name or a one-key mapping of a name to its options.</summary>
    IAugmentation Create(ConfigNode entry, string path);
}
