namespace LossBench.Plugins.Augmentations;

/// <summary>The operations RandAugment chooses from, uniformly, per image and layer.</summary>
public enum RandAugmentOp
{
    Identity,
    AutoContrast,
    Equalize,
    Rotate,
    Solarize,
    Posterize,
    Contrast,
    Brightness,
    ShearX,
    ShearY,
    TranslateX,
    TranslateY,
}
