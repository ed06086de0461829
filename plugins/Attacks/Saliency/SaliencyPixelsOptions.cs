using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Saliency;

/// <summary>Options of <see cref="SaliencyPixelsEvaluation"/>.</summary>
public sealed record SaliencyPixelsOptions : IValidatableObject
{
    [Description("the split to evaluate: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("use at most this many examples (the first ones of the split); null: as many as the benchmark's max-eval-examples allows")]
    [Range(1, int.MaxValue)]
    public int? Examples { get; init; }

    [Description("fractions k of each image's pixels to replace (at least two: the areas integrate over them); round(k * pixels) pixels, halves rounded up")]
    public IReadOnlyList<double> Fractions { get; init; } = [0, 0.01, 0.02, 0.05, 0.1, 0.2];

    [Description("what a replaced pixel becomes in every channel: zero, mean (the split's channel mean), uniform (noise in [0, 1)) or inverted (1 - x)")]
    public PixelFill Fill { get; init; } = PixelFill.Mean;

    [Description("the loss whose input gradient at the true label is the saliency: cross-entropy or margin")]
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OptionChecks.Budgets(Fractions, nameof(Fractions), "fractions", 0, 1) is { } problem)
            yield return problem;
        else if (Fractions.Count < 2)
            yield return new ValidationResult($"fractions needs at least two values to have an area under the curve, got {Fractions.Count}", [nameof(Fractions)]);
    }
}
