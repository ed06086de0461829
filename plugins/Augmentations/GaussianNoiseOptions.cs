using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="GaussianNoiseAugmentation"/>.</summary>
public sealed record GaussianNoiseOptions
{
    [Description("standard deviation of the noise added to every pixel (pixel values are in [0, 1])")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Sigma { get; init; } = 0.1;
}
