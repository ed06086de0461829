using LossBench.Plugins.Attacks.Noise;
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
        var noiseKind = options.Norm == LpNorm.Linf ? NoiseKind.Sign : NoiseKind.Gaussian;
        var report = new AttackReport(epsilons, options.Norm, options.Loss, options.FlagTolerance);
        foreach (var (start, length) in examples.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = examples.Split.Images.narrow(0, start, length).to(context.Device);
            var labels = examples.Split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var (gradient, logits) = AttackObjective.InputGradient(context.Model, images, labels, options.Loss);
            var cleanCorrect = logits.argmax(1).eq(labels);
            report.AddBatch(length, Count(cleanCorrect), AttackObjective.ZeroGradientCount(gradient));

            for (var e = 0; e < epsilons.Count; e++)
            {
                using var attackScope = torch.NewDisposeScope();
                var adversarial = Pgd.Perturb(context.Model, images, labels, settings[e], context.Generator);
                var robust = context.Logits(adversarial).argmax(1).eq(labels).logical_and(cleanCorrect);
                var noisy = images.add(RandomPerturbation.Sample(noiseKind, images, epsilons[e], context.Generator)).clamp(0.0, 1.0);
                var noise = context.Logits(noisy).argmax(1).eq(labels);
                report.AddAttacked(e, Count(robust), Count(noise));
            }
        }
        return report.Build();
    }

    private static long Count(Tensor mask) => mask.sum().item<long>();
}
