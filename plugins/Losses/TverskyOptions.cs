using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="TverskyLoss"/> and <see cref="FocalTverskyLoss"/>.</summary>
public sealed record TverskyOptions
{
    [Description("weight of false positives")]
    [Range(0.0, double.MaxValue)]
    public double Alpha { get; init; } = 0.5;

    [Description("weight of false negatives")]
    [Range(0.0, double.MaxValue)]
    public double Beta { get; init; } = 0.5;

    [Description("smoothing s added to numerator and denominator")]
    [Range(0.0, double.MaxValue)]
    public double Smooth { get; init; } = 1;

    [Description("focal-tversky only: exponent gamma of (1 - T); 0.75 as published")]
    [Range(0.0, 100.0)]
    public double Gamma { get; init; } = 0.75;
}
