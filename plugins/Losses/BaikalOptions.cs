using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="BaikalLoss"/>.</summary>
public sealed record BaikalOptions
{
    [Description("eps added to p inside the log and the division")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Eps { get; init; } = 1e-7;

    [Description("over the classes: mean (the published form, 1/n sum over the n classes) or sum (C times the mean, as earlier versions computed it)")]
    public ClassReduction Reduction { get; init; } = ClassReduction.Mean;
}
