using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="SigmoidFocalLoss"/> (RetinaNet's defaults).</summary>
public sealed record SigmoidFocalOptions
{
    [Description("weight of the positive term; 1 - alpha weighs the negative term; -1 turns weighting off")]
    [Range(-1.0, 1.0)]
    public double Alpha { get; init; } = 0.25;

    [Description("focusing parameter gamma")]
    [Range(0.0, 100.0)]
    public double Gamma { get; init; } = 2;
}
