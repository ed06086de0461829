namespace LossBench.Host.Config;

/// <summary>
/// The optimizer of `training.optimizer`, written as a one-key mapping (<c>{ sgd: { lr: 0.05,
/// momentum: 0.9, nesterov: true, weight-decay: 5.0e-4 } }</c>) or a bare name (<c>adam</c>).
/// Fields a kind does not use keep their defaults.
/// </summary>
public sealed record OptimizerSettings(
    OptimizerKind Kind,
    double LearningRate,
    double Momentum = 0,
    bool Nesterov = false,
    double WeightDecay = 0,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8)
{
    public static OptimizerSettings Default { get; } = new(OptimizerKind.Sgd, 0.05, Momentum: 0.9);
}
