using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="CutmixAugmentation"/>.</summary>
public sealed record CutmixOptions
{
    [Description("lambda ~ Beta(alpha, alpha) once per batch; the pasted box covers a fraction 1 - lambda of the image (before clipping)")]
    [Range(0.0, 100.0, MinimumIsExclusive = true)]
    public double Alpha { get; init; } = 1.0;
}
