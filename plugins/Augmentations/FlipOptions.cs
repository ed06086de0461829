using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="FlipAugmentation"/>.</summary>
public sealed record FlipOptions
{
    [Description("probability that an image is mirrored left to right")]
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;
}
