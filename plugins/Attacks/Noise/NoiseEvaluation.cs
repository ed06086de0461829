using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Noise;

/// <summary>
/// Accuracy under random noise at the attacks' budgets, the control every attack should beat:
/// uniform noise in [-eps, eps] and sign noise (+-eps per pixel) at the L-infinity budgets, and a
/// Gaussian direction scaled to L2 norm eps at the L2 budgets; the noisy image is clipped to
/// [0, 1]. One draw per example, kind and epsilon. Metrics: <c>clean-accuracy</c> and, per kind
/// and epsilon, <c>&lt;kind&gt;.accuracy@eps=e</c> (plain accuracy on the noisy images); a curve per
/// kind (accuracy against epsilon from epsilon 0, clean); examples <c>&lt;kind&gt;.accuracy@eps=e</c>
/// (each example's prediction, p(label) and correctness on its noisy image).
/// </summary>
[Plugin("noise", Summary = "Accuracy under uniform, sign (L-infinity) and Gaussian (L2) random noise at attack budgets: the control for attacks")]
public sealed class NoiseEvaluation(NoiseOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var examples = AttackExamples.Select(context, options.Split, options.Examples, "noise");
        var kinds = options.Kinds;
        var correct = kinds.Select(k => new long[options.EpsilonsOf(k).Count]).ToArray();
        var outcomes = kinds.Select(k => options.EpsilonsOf(k).Select(_ => new ExampleCollector()).ToArray()).ToArray();
        long clean = 0;
        foreach (var (start, length) in examples.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = examples.Split.Images.narrow(0, start, length).to(context.Device);
            var labels = examples.Split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            clean += Count(context.Logits(images).argmax(1).eq(labels));
            for (var k = 0; k < kinds.Count; k++)
            {
                var epsilons = options.EpsilonsOf(kinds[k]);
                for (var e = 0; e < epsilons.Count; e++)
                {
                    using var noiseScope = torch.NewDisposeScope();
                    var noisy = images.add(RandomPerturbation.Sample(kinds[k], images, epsilons[e], context.Generator)).clamp(0.0, 1.0);
                    var noisyLogits = context.Logits(noisy);
                    var hits = noisyLogits.argmax(1).eq(labels);
                    correct[k][e] += Count(hits);
                    outcomes[k][e].Add(context, start, noisyLogits, labels, hits);
                }
            }
        }

        double n = examples.Count;
        var metrics = new Dictionary<string, double> { ["clean-accuracy"] = clean / n };
        var curves = new Dictionary<string, Curve>();
        var outcomesByName = new Dictionary<string, ExampleOutcomes>();
        for (var k = 0; k < kinds.Count; k++)
        {
            var name = RandomPerturbation.Name(kinds[k]);
            var epsilons = options.EpsilonsOf(kinds[k]);
            var accuracies = correct[k].Select(c => c / n).ToArray();
            for (var e = 0; e < epsilons.Count; e++) metrics[MetricNames.AtEpsilon(name + ".accuracy", epsilons[e])] = accuracies[e];
            for (var e = 0; e < epsilons.Count; e++) outcomesByName[MetricNames.AtEpsilon(name + ".accuracy", epsilons[e])] = outcomes[k][e].Build();
            var (x, y) = Curves.FromZero(epsilons, accuracies, clean / n);
            var norm = RandomPerturbation.NormOf(kinds[k]) == LpNorm.Linf ? "linf" : "l2";
            curves[name] = new Curve($"eps ({norm})", $"accuracy under {name} noise", x, y).Validate();
        }
        return new EvaluationResult(metrics, curves) { Examples = outcomesByName };
    }

    private static long Count(Tensor mask) => mask.sum().item<long>();
}
