using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="RandAugmentAugmentation"/>.</summary>
public sealed record RandAugmentOptions
{
    [Description("operations applied in sequence to each image, each chosen uniformly per image (N in the paper)")]
    [Range(1, 16)]
    public int Ops { get; init; } = 2;

    [Description("strength of every operation on a 0-30 scale (M in the paper): rotate 30 M/30 degrees, shear 0.3 M/30, translate 0.45 M/30 of the side, brightness and contrast factor 1 +- 0.9 M/30, solarize above 1 - M/30, posterize to 8 - round(4 M/30) bits")]
    [Range(0, 30)]
    public int Magnitude { get; init; } = 9;
}
