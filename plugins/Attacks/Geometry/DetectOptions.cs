using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>Options of <see cref="DetectEvaluation"/>.</summary>
public sealed record DetectOptions
{
    [Description("the split to use: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("use at most this many examples (the first ones of the split; the run's max-eval-examples also applies)")]
    [Range(1, int.MaxValue)]
    public int Examples { get; init; } = 200;

    [Description("the attack that perturbs the images to detect: deepfool or pgd")]
    public DetectAttack Attack { get; init; } = DetectAttack.Deepfool;

    [Description("l2 norm r of the random probes v in rho_i(x) = mean of [F_i(x + v) + F_i(x - v) - 2 F_i(x)] / r^2, F_i = f_i - f_k: the scale at which curvature is seen")]
    [Range(1e-6, 1000.0)]
    public double Radius { get; init; } = 0.1;

    [Description("random probes m per image")]
    [Range(1, 10000)]
    public int Probes { get; init; } = 16;

    [Description("clip the probes x + v and x - v to [0, 1] (inputs stay images); off, s is an exact symmetric second difference")]
    public bool Clip { get; init; } = true;

    [Description("false-positive rate at which the detection rate is reported (threshold from natural images of the calibration half)")]
    [Range(0.0, 1.0)]
    public double FalsePositiveRate { get; init; } = 0.05;

    [Description("DeepFool's norm: l2 or linf")]
    public DeepFoolNorm Norm { get; init; } = DeepFoolNorm.L2;

    [Description("DeepFool's overshoot")]
    [Range(0.0, 1.0)]
    public double Overshoot { get; init; } = 0.02;

    [Description("DeepFool's iteration limit")]
    [Range(1, 10000)]
    public int MaxIterations { get; init; } = 50;

    [Description("DeepFool's candidate classes: the predicted class and the strongest others")]
    [Range(2, 100000)]
    public int Candidates { get; init; } = 10;

    [Description("PGD's budget (attack: pgd): the radius of the pgd-norm ball")]
    [Range(0.0, 1000.0)]
    public double Epsilon { get; init; } = 0.1;

    [Description("PGD's norm (attack: pgd): linf or l2")]
    public LpNorm PgdNorm { get; init; } = LpNorm.Linf;

    [Description("PGD's steps (attack: pgd), with step size 2.5 epsilon / steps and a random start")]
    [Range(1, 10000)]
    public int PgdSteps { get; init; } = 10;

    internal PgdSettings Pgd => new(PgdNorm, Epsilon, PgdSteps);

    internal DeepFoolSettings DeepFool => new(Norm, Overshoot, MaxIterations, Candidates);
}
