using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="CropAugmentation"/>.</summary>
public sealed record CropOptions
{
    [Description("zero padding in pixels on every side before the random H x W window is cut (0: no change)")]
    [Range(0, 256)]
    public int Padding { get; init; } = 4;
}
