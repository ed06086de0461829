using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>
/// The fast gradient sign method (Goodfellow et al. 2015), L-infinity: one gradient of the attack
/// loss at the clean image, then x' = clip(x + eps * sign(grad), 0, 1) for every epsilon. One
/// forward and backward pass per example serve all epsilons. Reports what
/// <see cref="AttackReport"/> describes: clean and robust accuracy per epsilon, accuracy under sign
/// noise of the same size, the flags, and the two curves.
/// </summary>
[Plugin("fgsm", Summary = "Fast gradient sign attack (L-infinity): robust accuracy per epsilon, a sign-noise control and sanity flags")]
public sealed class FgsmEvaluation(FgsmOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var examples = AttackExamples.Select(context, options.Split, options.Examples, "fgsm");
        var epsilons = options.Epsilons;
        return EpsilonAttack.Evaluate(context, examples, epsilons, LpNorm.Linf, options.Loss, options.FlagTolerance, (images, _, gradient) =>
        {
            // One gradient, one sign direction: every epsilon is a step along it.
            var direction = gradient.sign();
            return e => Step(images, direction, epsilons[e]);
        });
    }

    /// <summary>x' = clip(x + eps * direction, 0, 1), the FGSM step along a sign direction.</summary>
    internal static Tensor Step(Tensor images, Tensor direction, double epsilon) => images.add(direction, epsilon).clamp(0.0, 1.0);
}
