using System.ComponentModel.DataAnnotations;

namespace LossBench.Host.Config;

/// <summary>`optimizer: { sgd: {...} }`.</summary>
public sealed record SgdOptions : IValidatableObject
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "The field {0} must be greater than 0")] public double Lr { get; init; } = OptimizerSettings.Default.LearningRate;
    [Range(0.0, 1.0, MaximumIsExclusive = true)] public double Momentum { get; init; } = OptimizerSettings.Default.Momentum;
    public bool Nesterov { get; init; }
    [Range(0.0, double.MaxValue, ErrorMessage = "The field {0} must be at least 0")] public double WeightDecay { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Nesterov && Momentum <= 0) yield return new ValidationResult("nesterov needs momentum > 0", [nameof(Nesterov)]);
    }
}
