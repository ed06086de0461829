using System.ComponentModel.DataAnnotations;

namespace LossBench.Host.Config;

/// <summary>`optimizer: { adam: {...} }` and `adamw` (decoupled weight decay).</summary>
public sealed record AdamOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "The field {0} must be greater than 0")] public double Lr { get; init; } = 1e-3;
    [Range(0.0, 1.0, MaximumIsExclusive = true)] public double Beta1 { get; init; } = 0.9;
    [Range(0.0, 1.0, MaximumIsExclusive = true)] public double Beta2 { get; init; } = 0.999;
    [Range(0.0, 1.0, MinimumIsExclusive = true)] public double Eps { get; init; } = 1e-8;
    [Range(0.0, double.MaxValue, ErrorMessage = "The field {0} must be at least 0")] public double WeightDecay { get; init; }
}
