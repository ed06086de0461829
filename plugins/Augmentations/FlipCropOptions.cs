using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="FlipCropAugmentation"/>.</summary>
public sealed record FlipCropOptions
{
    [Description("zero padding in pixels on every side before the random H x W window is cut")]
    [Range(0, 256)]
    public int Padding { get; init; } = 4;

    [Description("probability that an image is mirrored left to right (after cropping)")]
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;
}
