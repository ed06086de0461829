using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Noise;

/// <summary>Options of <see cref="NoiseEvaluation"/>.</summary>
public sealed record NoiseOptions : IValidatableObject
{
    [Description("the split to perturb: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("use at most this many examples (the first ones of the split); null: as many as the benchmark's max-eval-examples allows")]
    [Range(1, int.MaxValue)]
    public int? Examples { get; init; }

    [Description("kinds of noise: uniform (each pixel in [-eps, eps]) and sign (each pixel +-eps) at the linf budgets, gaussian (a Gaussian direction of L2 norm eps) at the l2 budgets")]
    public IReadOnlyList<NoiseKind> Kinds { get; init; } = [NoiseKind.Uniform, NoiseKind.Sign, NoiseKind.Gaussian];

    [Description("L-infinity budgets of the uniform and sign noise (as pgd's linf epsilons)")]
    public IReadOnlyList<double> LinfEpsilons { get; init; } = [0.05, 0.1, 0.2, 0.3];

    [Description("L2 budgets of the gaussian noise (as pgd's l2 epsilons)")]
    public IReadOnlyList<double> L2Epsilons { get; init; } = [0.5, 1.0, 2.0, 3.0];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kinds.Count == 0) yield return new ValidationResult("kinds must be a non-empty list", [nameof(Kinds)]);
        for (var i = 0; i < Kinds.Count; i++)
            if (Kinds.Take(i).Contains(Kinds[i]))
            {
                yield return new ValidationResult($"kinds lists {RandomPerturbation.Name(Kinds[i])} twice", [nameof(Kinds)]);
                break;
            }
        if (OptionChecks.Budgets(LinfEpsilons, nameof(LinfEpsilons), "linf-epsilons", 0, 1) is { } linf) yield return linf;
        if (OptionChecks.Budgets(L2Epsilons, nameof(L2Epsilons), "l2-epsilons", 0, 1e6) is { } l2) yield return l2;
    }

    /// <summary>The budgets of a kind of noise.</summary>
    internal IReadOnlyList<double> EpsilonsOf(NoiseKind kind) => RandomPerturbation.NormOf(kind) == Attacks.LpNorm.Linf ? LinfEpsilons : L2Epsilons;
}
