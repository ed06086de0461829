using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="CutoutAugmentation"/>.</summary>
public sealed record CutoutOptions
{
    [Description("side of the square in pixels (8 for 32x32 CIFAR in the paper); clipped where it crosses the border")]
    [Range(1, 1024)]
    public int Size { get; init; } = 8;

    [Description("squares per image, each at its own uniformly drawn centre (they may overlap)")]
    [Range(1, 64)]
    public int Count { get; init; } = 1;
}
