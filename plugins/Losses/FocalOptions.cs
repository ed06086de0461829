using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="FocalLoss"/>.</summary>
public sealed record FocalOptions : IValidatableObject
{
    [Description("focusing parameter gamma: (1 - p_c)^gamma down-weights confident classes; 0 is cross-entropy")]
    [Range(0.0, 100.0)]
    public double Gamma { get; init; } = 2;

    [Description("optional per-class weights alpha_c (one per class); empty: all 1")]
    public IReadOnlyList<double> Alpha { get; init; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Alpha.Any(a => !(a >= 0) || double.IsInfinity(a)))
            yield return new ValidationResult("every alpha must be a finite number >= 0", [nameof(Alpha)]);
    }
}
