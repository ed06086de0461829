using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="RandomErasingAugmentation"/>.</summary>
public sealed record RandomErasingOptions : IValidatableObject
{
    [Description("probability that an image gets a rectangle erased")]
    [Range(0.0, 1.0)]
    public double P { get; init; } = 0.5;

    [Description("smallest area of the rectangle as a fraction of the image area")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double ScaleMin { get; init; } = 0.02;

    [Description("largest area of the rectangle as a fraction of the image area")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double ScaleMax { get; init; } = 0.33;

    [Description("smallest aspect ratio height / width of the rectangle (drawn log-uniformly)")]
    [Range(0.01, 100.0)]
    public double RatioMin { get; init; } = 0.3;

    [Description("largest aspect ratio height / width of the rectangle")]
    [Range(0.01, 100.0)]
    public double RatioMax { get; init; } = 3.3;

    [Description("what fills the rectangle: random (uniform values per pixel) or zero")]
    public ErasingFill Fill { get; init; } = ErasingFill.Random;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScaleMin > ScaleMax)
            yield return new ValidationResult($"scale-min ({ScaleMin}) must not exceed scale-max ({ScaleMax})", [nameof(ScaleMin)]);
        if (RatioMin > RatioMax)
            yield return new ValidationResult($"ratio-min ({RatioMin}) must not exceed ratio-max ({RatioMax})", [nameof(RatioMin)]);
    }
}
