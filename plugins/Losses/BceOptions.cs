using System.ComponentModel;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="BceLoss"/>.</summary>
public sealed record BceOptions
{
    [Description("mean: over all N x C outputs (about 1/C of cross-entropy's gradient); sum-classes: summed over the C classes, mean over the N examples (cross-entropy's scale)")]
    public BceReduction Reduction { get; init; } = BceReduction.Mean;
}
