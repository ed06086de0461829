using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>Options of <see cref="DeepFoolEvaluation"/>.</summary>
public sealed record DeepFoolOptions
{
    [Description("the split to attack: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("attack at most this many examples (the first ones of the split; the run's max-eval-examples also applies)")]
    [Range(1, int.MaxValue)]
    public int Examples { get; init; } = 200;

    [Description("the norm minimised: l2 or linf")]
    public DeepFoolNorm Norm { get; init; } = DeepFoolNorm.L2;

    [Description("the accumulated perturbation is scaled by 1 + overshoot so that the point crosses the boundary")]
    [Range(0.0, 1.0)]
    public double Overshoot { get; init; } = 0.02;

    [Description("linearisation steps per example at most (the [0, 1] clip can make an example need more than the unconstrained method)")]
    [Range(1, 10000)]
    public int MaxIterations { get; init; } = 50;

    [Description("classes considered: the predicted class and the strongest others by the clean logits (all classes when the model has fewer)")]
    [Range(2, 100000)]
    public int Candidates { get; init; } = 10;

    internal DeepFoolSettings Settings => new(Norm, Overshoot, MaxIterations, Candidates);
}
