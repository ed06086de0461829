using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>
/// Projected gradient descent (<see cref="Pgd"/>) in an L-infinity or L2 ball, for every epsilon,
/// with optional random starts and restarts. Reports what <see cref="AttackReport"/> describes:
/// clean and robust accuracy per epsilon, accuracy under random noise of the same norm and size
/// (sign noise for linf, a Gaussian direction of norm eps for l2), the flags and the two curves.
/// flag.zero-gradients is measured at the clean images (one extra gradient per example).
/// </summary>
[Plugin("pgd", Summary = "Projected gradient descent attack (L-infinity or L2, random starts, restarts): robust accuracy per epsilon, a noise control and sanity flags")]
public sealed class PgdEvaluation(PgdOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var examples = AttackExamples.Select(context, options.Split, options.Examples, "pgd");
        var epsilons = options.EffectiveEpsilons;
        var settings = epsilons.Select(eps => new PgdSettings(options.Norm, eps, options.Steps, options.StepSize,
            options.RandomStart, options.Restarts, options.Loss).Validate()).ToArray();
        return EpsilonAttack.Evaluate(context, examples, epsilons, options.Norm, options.Loss, options.FlagTolerance,
            (images, labels, _) => e => Pgd.Perturb(context.Model, images, labels, settings[e], context.Generator));
    }
}
