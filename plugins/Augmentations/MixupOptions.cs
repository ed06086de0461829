using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="MixupAugmentation"/>.</summary>
public sealed record MixupOptions
{
    [Description("the mixing weight lambda is drawn from Beta(alpha, alpha) once per batch")]
    [Range(0.0, 100.0, MinimumIsExclusive = true)]
    public double Alpha { get; init; } = 0.2;
}
