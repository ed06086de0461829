using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>Options of <see cref="FgsmEvaluation"/>.</summary>
public sealed record FgsmOptions : IValidatableObject
{
    [Description("the split to attack: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("attack at most this many examples (the first ones of the split); null: as many as the benchmark's max-eval-examples allows")]
    [Range(1, int.MaxValue)]
    public int? Examples { get; init; }

    [Description("L-infinity budgets; each pixel moves by exactly eps along the sign of the input gradient (then clipped to [0, 1])")]
    public IReadOnlyList<double> Epsilons { get; init; } = [0.05, 0.1, 0.2, 0.3];

    [Description("the objective the attacker maximises: cross-entropy or margin (max over other classes of z_j - z_y); independent of the training loss")]
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    [Description("accuracy differences up to this are not flagged (flag.non-monotone, flag.noise-stronger)")]
    [Range(0.0, 1.0)]
    public double FlagTolerance { get; init; } = 0.01;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OptionChecks.Budgets(Epsilons, nameof(Epsilons), "epsilons", 0, 1) is { } problem) yield return problem;
    }
}
