using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Examples.BetaSmoothing;

/// <summary>Options of <see cref="BetaSmoothingLoss"/>; in benchmarks.yaml: <c>beta-smoothing: { alpha: 1, beta: 9 }</c> (smoothing 0.1).</summary>
public sealed record BetaSmoothingOptions
{
    [Description("First shape parameter of the Beta distribution.")]
    [Range(0.0, 1e6, MinimumIsExclusive = true)]
    public double Alpha { get; init; } = 1;

    [Description("Second shape parameter of the Beta distribution.")]
    [Range(0.0, 1e6, MinimumIsExclusive = true)]
    public double Beta { get; init; } = 9;
}
