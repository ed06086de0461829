using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="GceLoss"/>.</summary>
public sealed record GceOptions
{
    [Description("exponent q in (0, 1]: towards 0 it approaches cross-entropy, at 1 it is mean absolute error")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Q { get; init; } = 0.7;
}
