using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="DiceLoss"/> and <see cref="JaccardLoss"/>.</summary>
public sealed record OverlapOptions
{
    [Description("smoothing s added to numerator and denominator (keeps classes absent from a batch finite)")]
    [Range(0.0, double.MaxValue)]
    public double Smooth { get; init; } = 1;
}
