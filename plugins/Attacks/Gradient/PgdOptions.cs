using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>Options of <see cref="PgdEvaluation"/>.</summary>
public sealed record PgdOptions : IValidatableObject
{
    /// <summary>The budgets when none are given: MNIST-scale images in [0, 1].</summary>
    internal static readonly IReadOnlyList<double> DefaultLinfEpsilons = [0.05, 0.1, 0.2, 0.3];

    /// <inheritdoc cref="DefaultLinfEpsilons"/>
    internal static readonly IReadOnlyList<double> DefaultL2Epsilons = [0.5, 1.0, 2.0, 3.0];

    [Description("the split to attack: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("attack at most this many examples (the first ones of the split); null: as many as the benchmark's max-eval-examples allows")]
    [Range(1, int.MaxValue)]
    public int? Examples { get; init; }

    [Description("the threat model: linf (every pixel within eps) or l2 (the whole image within L2 distance eps)")]
    public LpNorm Norm { get; init; } = LpNorm.Linf;

    [Description("budgets; null: [0.05, 0.1, 0.2, 0.3] for linf, [0.5, 1, 2, 3] for l2")]
    public IReadOnlyList<double>? Epsilons { get; init; }

    [Description("gradient steps per restart")]
    [Range(1, 10_000)]
    public int Steps { get; init; } = 10;

    [Description("the size of each step (for linf per pixel, for l2 of the whole step); null: 2.5 * eps / steps for each eps")]
    [Range(0.0, double.MaxValue)]
    public double? StepSize { get; init; }

    [Description("start each restart at a uniform random point of the ball (linf: each pixel in [-eps, eps]; l2: uniform in the L2 ball) instead of the clean image")]
    public bool RandomStart { get; init; } = true;

    [Description("independent runs per example; an example counts as broken when any run fools the model")]
    [Range(1, 1000)]
    public int Restarts { get; init; } = 1;

    [Description("the objective the attacker maximises: cross-entropy or margin (max over other classes of z_j - z_y); independent of the training loss")]
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    [Description("accuracy differences up to this are not flagged (flag.non-monotone, flag.noise-stronger)")]
    [Range(0.0, 1.0)]
    public double FlagTolerance { get; init; } = 0.01;

    /// <summary>The epsilons given, or the norm's defaults.</summary>
    internal IReadOnlyList<double> EffectiveEpsilons => Epsilons ?? (Norm == LpNorm.Linf ? DefaultLinfEpsilons : DefaultL2Epsilons);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An L-infinity ball of radius 1 already holds every image in [0, 1]; an L2 ball needs more.
        if (Epsilons is not null && OptionChecks.Budgets(Epsilons, nameof(Epsilons), "epsilons", 0, Norm == LpNorm.Linf ? 1 : 1e6) is { } problem)
            yield return problem;
    }
}
