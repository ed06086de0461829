using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="SceLoss"/> (the paper's CIFAR-10 values).</summary>
public sealed record SceOptions
{
    [Description("weight alpha of cross-entropy")]
    [Range(0.0, double.MaxValue)]
    public double Alpha { get; init; } = 0.1;

    [Description("weight beta of reverse cross-entropy")]
    [Range(0.0, double.MaxValue)]
    public double Beta { get; init; } = 1;
}
