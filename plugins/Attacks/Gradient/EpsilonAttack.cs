using LossBench.Plugins.Attacks.Noise;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>
/// The evaluation loop shared by the attacks that make one adversarial batch per epsilon (fgsm,
/// pgd): per batch, the clean gradient (for flag.zero-gradients and for attacks that step along
/// it), clean correctness, then per epsilon robust correctness and the noise control of the same
/// norm and size, all counted into one <see cref="AttackReport"/>. One loop, so that every such
/// attack counts robust and noise accuracy the same way (PGD is compared with FGSM on them).
/// Per epsilon it also keeps each example's outcome under the attack (examples
/// <c>accuracy@eps=e</c>: the predicted class and p(label) on the adversarial image, and robust
/// correctness, so that the mean of correct is <c>accuracy@eps=e</c>).
/// </summary>
internal static class EpsilonAttack
{
    /// <summary>Makes the adversarial images of one batch for the epsilon at an index, given the clean images, labels and clean input gradient.</summary>
    public delegate Func<int, Tensor> PerBatch(Tensor images, Tensor labels, Tensor cleanGradient);

    public static EvaluationResult Evaluate(EvaluationContext context, AttackExamples examples, IReadOnlyList<double> epsilons,
        LpNorm norm, AttackLoss loss, double flagTolerance, PerBatch attack)
    {
        var noiseKind = RandomPerturbation.ControlFor(norm);
        var report = new AttackReport(epsilons, norm, loss, flagTolerance);
        var outcomes = epsilons.Select(_ => new ExampleCollector()).ToArray();
        foreach (var (start, length) in examples.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = examples.Split.Images.narrow(0, start, length).to(context.Device);
            var labels = examples.Split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var (gradient, logits) = AttackObjective.InputGradient(context.Model, images, labels, loss);
            var cleanCorrect = logits.argmax(1).eq(labels);
            report.AddBatch(length, Count(cleanCorrect), AttackObjective.ZeroGradientCount(gradient));

            var adversarialAt = attack(images, labels, gradient);
            for (var e = 0; e < epsilons.Count; e++)
            {
                using var attackScope = torch.NewDisposeScope();
                var adversarialLogits = context.Logits(adversarialAt(e));
                var robust = adversarialLogits.argmax(1).eq(labels).logical_and(cleanCorrect);
                outcomes[e].Add(context, start, adversarialLogits, labels, robust);
                var noisy = images.add(RandomPerturbation.Sample(noiseKind, images, epsilons[e], context.Generator)).clamp(0.0, 1.0);
                var noise = context.Logits(noisy).argmax(1).eq(labels);
                report.AddAttacked(e, Count(robust), Count(noise));
            }
        }
        var perExample = new Dictionary<string, ExampleOutcomes>();
        for (var e = 0; e < epsilons.Count; e++) perExample[MetricNames.AtEpsilon("accuracy", epsilons[e])] = outcomes[e].Build();
        return report.Build() with { Examples = perExample };
    }

    private static long Count(Tensor mask) => mask.sum().item<long>();
}
