using LossBench.Plugins.Attacks.Noise;
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
        var report = new AttackReport(epsilons, LpNorm.Linf, options.Loss, options.FlagTolerance);
        foreach (var (start, length) in examples.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = examples.Split.Images.narrow(0, start, length).to(context.Device);
            var labels = examples.Split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var (gradient, logits) = AttackObjective.InputGradient(context.Model, images, labels, options.Loss);
            var cleanCorrect = logits.argmax(1).eq(labels);
            report.AddBatch(length, Count(cleanCorrect), AttackObjective.ZeroGradientCount(gradient));

            var direction = gradient.sign();
            for (var e = 0; e < epsilons.Count; e++)
            {
                using var attackScope = torch.NewDisposeScope();
                var adversarial = Step(images, direction, epsilons[e]);
                var robust = context.Logits(adversarial).argmax(1).eq(labels).logical_and(cleanCorrect);
                var noisy = images.add(RandomPerturbation.Sample(NoiseKind.Sign, images, epsilons[e], context.Generator)).clamp(0.0, 1.0);
                var noise = context.Logits(noisy).argmax(1).eq(labels);
                report.AddAttacked(e, Count(robust), Count(noise));
            }
        }
        return report.Build();
    }

    /// <summary>x' = clip(x + eps * direction, 0, 1), the FGSM step along a sign direction.</summary>
    internal static Tensor Step(Tensor images, Tensor direction, double epsilon) => images.add(direction, epsilon).clamp(0.0, 1.0);

    private static long Count(Tensor mask) => mask.sum().item<long>();
}
