using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Examples.BrierLoss;

/// <summary>Options of <see cref="BrierLoss"/>; in benchmarks.yaml: <c>brier: { scale: 2 }</c>.</summary>
public sealed record BrierOptions
{
    /// <summary>Multiplies the Brier score; it lies in [0, 2], so its gradients are small next to cross-entropy's.</summary>
    [Description("Factor on the Brier score, which lies in [0, 2]; raise it to give the loss gradients of cross-entropy's size.")]
    [Range(0.0, double.PositiveInfinity, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double Scale { get; init; } = 1;
}
