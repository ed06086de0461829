using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>Options of <see cref="CurvatureEvaluation"/>.</summary>
public sealed record CurvatureOptions : IValidatableObject
{
    [Description("the split whose examples are attacked: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("use at most this many examples (the first ones of the split; the run's max-eval-examples also applies)")]
    [Range(1, int.MaxValue)]
    public int Examples { get; init; } = 100;

    [Description("Hessian-vector products: auto (double backward unless it is exactly zero, as for ReLU networks, then finite differences), double-backward or finite-difference")]
    public HessianVectorProduct Hvp { get; init; } = HessianVectorProduct.Auto;

    [Description("h of the central differences (grad F(x + h v) - grad F(x - h v)) / 2h, an l2 distance in input space: the scale at which a piecewise-linear boundary's curvature is seen")]
    [Range(1e-6, 10.0)]
    public double Step { get; init; } = 0.1;

    [Description("Lanczos steps on the tangent space (at most the input dimension minus one)")]
    [Range(1, 1000)]
    public int LanczosSteps { get; init; } = 20;

    [Description("report the k largest principal curvatures (by absolute value), and the share of the perturbation in their span")]
    [Range(1, 1000)]
    public int TopK { get; init; } = 5;

    [Description("random unit tangent directions per example for the mean curvature and the curvature along random directions")]
    [Range(1, 10000)]
    public int Probes { get; init; } = 10;

    [Description("bisection steps that place the point on the boundary between the clean and the DeepFool point")]
    [Range(1, 200)]
    public int Bisections { get; init; } = 30;

    [Description("dimension of the shared high-curvature subspace whose random perturbations are compared with those of a random subspace (0: skip that experiment)")]
    [Range(0, 100000)]
    public int SubspaceDimension { get; init; } = 10;

    [Description("random perturbations per image in each subspace")]
    [Range(1, 10000)]
    public int SubspaceDraws { get; init; } = 20;

    [Description("norms of those perturbations, as multiples of each image's distance to its boundary point; one pair of fooling rates each")]
    public IReadOnlyList<double> SubspaceNorms { get; init; } = [1, 2, 4];

    [Description("DeepFool's overshoot (the l2 attack that finds the boundary points)")]
    [Range(0.0, 1.0)]
    public double Overshoot { get; init; } = 0.02;

    [Description("DeepFool's iteration limit")]
    [Range(1, 10000)]
    public int MaxIterations { get; init; } = 50;

    [Description("DeepFool's candidate classes: the predicted class and the strongest others")]
    [Range(2, 100000)]
    public int Candidates { get; init; } = 10;

    internal DeepFoolSettings DeepFool => new(DeepFoolNorm.L2, Overshoot, MaxIterations, Candidates);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OptionChecks.Budgets(SubspaceNorms, nameof(SubspaceNorms), "subspace-norms", 0, 1000) is { } problem) yield return problem;
    }
}
