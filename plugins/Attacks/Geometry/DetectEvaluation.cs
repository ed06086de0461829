using System.Globalization;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Detects adversarially perturbed images by the asymmetry of the boundary's curvature and
/// recovers their labels by geometry alone (Fawzi et al., CVPR 2018, section 5): the statistic
/// s(x) = max over i != k of rho_i(x) of <see cref="AsymmetryScore"/>, on the correctly classified
/// natural images among the first <c>examples</c> of the split and on those of them the attack fools.
/// The direction is the one the paper's reasoning predicts, fixed in advance: perturbed images
/// score higher. Nothing about the direction is fitted, so the primary rows test the prediction.
/// For the threshold (and for the fitted-sign rows) the examples are split at random (by the
/// evaluation's generator) into a calibration half and a held-out half, each example's natural and
/// perturbed image in the same half; the threshold is the calibration naturals' (1 - fpr) quantile.
/// <list type="bullet">
/// <item><c>auroc</c>: AUROC of s, perturbed against natural, on all examples (ties count half; the predicted sign);</item>
/// <item><c>detection-rate@fpr=...</c>: held-out perturbed images with s above the threshold;
/// <c>false-positive-rate</c>: held-out natural images above it;</item>
/// <item><c>auroc.fitted-sign</c>, <c>detection-rate@fpr=....fitted-sign</c>: the same with the sign
/// sigma fitted on the calibration half (+1 when perturbed images score higher there, else -1), AUROC
/// on the held-out half; <c>sign.fitted</c>: sigma. A fitted sign of -1 means the prediction failed;</item>
/// <item><c>recovery-accuracy</c>: among held-out perturbed images the predicted-sign threshold flags,
/// the fraction whose geometric label argmax over i != k of rho_i is the true label;
/// <c>recovery-accuracy.runner-up</c>: the same for the runner-up class (second largest logit), a
/// baseline that needs no geometry (DeepFool stops just past the boundary, so the runner-up is the
/// original class almost by construction); <c>recovery-accuracy-all</c>, <c>recovery-accuracy-all.runner-up</c>:
/// both rules on every perturbed image, flagged or not; <c>recovery-accuracy.chance</c> = 1 / (classes - 1), a guess among the other classes;</item>
/// <item><c>auroc.unnormalized</c>, <c>recovery-accuracy-all.unnormalized</c>: the same with rho_i not divided by ||grad F_i|| (a control);</item>
/// <item><c>natural-score</c>, <c>perturbed-score</c>: mean s; <c>natural</c>, <c>perturbed</c>: how many images;</item>
/// <item>the curve <c>roc</c>: the ROC of s (predicted sign) on all examples, whose area is <c>auroc</c>.</item>
/// </list>
/// </summary>
[Plugin("detect", Summary = "Detects adversarial images by the curvature asymmetry of F_i = f_i - f_k under random probes (sign fixed in advance): AUROC, detection rate at a false-positive rate, geometric label recovery against the runner-up baseline")]
public sealed class DetectEvaluation(DetectOptions options) : IEvaluation
{
    private sealed record Example(double Natural, double? Perturbed, bool GeometricRecovers, bool RunnerUpRecovers,
        double NaturalUnnormalized, double? PerturbedUnnormalized, bool UnnormalizedRecovers);

    public EvaluationResult Evaluate(EvaluationContext context)
    {
        const string who = "detect";
        var selection = AttackExamples.Select(context, options.Split, options.Examples, who);
        var (split, count) = (selection.Split, selection.Count);
        var examples = new List<Example>();
        long classes = 0;
        foreach (var (start, length) in selection.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = split.Images.narrow(0, start, length).to(context.Device);
            var labels = split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var perturbed = Attack(context, images, labels);
            var natural = AsymmetryScore.Compute(context.Model, images, options.Radius, options.Probes, options.Clip, context.Generator, who);
            var attacked = AsymmetryScore.Compute(context.Model, perturbed, options.Radius, options.Probes, options.Clip, context.Generator, who);
            classes = natural.Curvatures.shape[1];
            var correct = natural.Predicted.eq(labels).cpu().ToArray<bool>();
            // Only correctly classified images are used, so "fooled" is "the prediction at the perturbed
            // image is not the label", which the score has already computed.
            var isFooled = attacked.Predicted.ne(labels).cpu().ToArray<bool>();
            var naturalScore = natural.Statistic.cpu().ToArray<double>();
            var perturbedScore = attacked.Statistic.cpu().ToArray<double>();
            var geometric = attacked.Geometric.eq(labels).cpu().ToArray<bool>();
            var runnerUp = attacked.RunnerUp.eq(labels).cpu().ToArray<bool>();
            var naturalRaw = natural.StatisticUnnormalized.cpu().ToArray<double>();
            var perturbedRaw = attacked.StatisticUnnormalized.cpu().ToArray<double>();
            var geometricRaw = attacked.GeometricUnnormalized.eq(labels).cpu().ToArray<bool>();
            for (var i = 0; i < length; i++)
            {
                if (!correct[i]) continue;
                examples.Add(isFooled[i]
                    ? new Example(naturalScore[i], perturbedScore[i], geometric[i], runnerUp[i], naturalRaw[i], perturbedRaw[i], geometricRaw[i])
                    : new Example(naturalScore[i], null, false, false, naturalRaw[i], null, false));
            }
        }
        if (examples.Count < 2)
            throw new InvalidOperationException($"{who}: {examples.Count} of the {count} examples are classified correctly; at least 2 are needed to calibrate on one half and test on the other");

        // Calibration and held-out halves, drawn from the evaluation's generator.
        using var permutation = torch.randperm(examples.Count, context.Generator);
        var order = permutation.ToArray<long>();
        var calibration = order.Take(examples.Count / 2).Select(i => examples[(int)i]).ToArray();
        var heldOut = order.Skip(examples.Count / 2).Select(i => examples[(int)i]).ToArray();

        // The predicted sign: perturbed images score higher. Only the threshold comes from the calibration half.
        var threshold = DetectionStatistics.Threshold(Natural(calibration), options.FalsePositiveRate);
        var flagged = heldOut.Where(e => e.Perturbed is { } s && s > threshold).ToArray();
        var perturbedAll = examples.Where(e => e.Perturbed is not null).ToArray();

        // The fitted sign, for comparison. Written so that an undefined AUROC (no perturbed image in the calibration half) keeps +1.
        var sign = DetectionStatistics.Auroc(Perturbed(calibration), Natural(calibration)) < 0.5 ? -1.0 : 1.0;
        double[] Signed(IEnumerable<double> scores) => scores.Select(s => sign * s).ToArray();
        var fittedThreshold = DetectionStatistics.Threshold(Signed(Natural(calibration)), options.FalsePositiveRate);

        var rate = string.Create(CultureInfo.InvariantCulture, $"detection-rate@fpr={options.FalsePositiveRate}");
        var metrics = new Dictionary<string, double>
        {
            ["auroc"] = DetectionStatistics.Auroc(Perturbed(examples), Natural(examples)),
            [rate] = DetectionStatistics.FlaggedFraction(Perturbed(heldOut), threshold),
            ["false-positive-rate"] = DetectionStatistics.FlaggedFraction(Natural(heldOut), threshold),
            ["auroc.fitted-sign"] = DetectionStatistics.Auroc(Signed(Perturbed(heldOut)), Signed(Natural(heldOut))),
            [rate + ".fitted-sign"] = DetectionStatistics.FlaggedFraction(Signed(Perturbed(heldOut)), fittedThreshold),
            ["sign.fitted"] = sign,
            ["recovery-accuracy"] = Fraction(flagged, e => e.GeometricRecovers),
            ["recovery-accuracy.runner-up"] = Fraction(flagged, e => e.RunnerUpRecovers),
            ["recovery-accuracy-all"] = Fraction(perturbedAll, e => e.GeometricRecovers),
            ["recovery-accuracy-all.runner-up"] = Fraction(perturbedAll, e => e.RunnerUpRecovers),
            ["recovery-accuracy.chance"] = 1.0 / (classes - 1),
            ["auroc.unnormalized"] = DetectionStatistics.Auroc(
                examples.Where(e => e.PerturbedUnnormalized is not null).Select(e => e.PerturbedUnnormalized!.Value).ToArray(),
                examples.Select(e => e.NaturalUnnormalized).ToArray()),
            ["recovery-accuracy-all.unnormalized"] = Fraction(perturbedAll, e => e.UnnormalizedRecovers),
            ["natural-score"] = GeometryExamples.Mean(Natural(examples)),
            ["perturbed-score"] = GeometryExamples.Mean(Perturbed(examples)),
            ["natural"] = examples.Count,
            ["perturbed"] = perturbedAll.Length,
        };
        var (fpr, tpr) = DetectionStatistics.Roc(Perturbed(examples), Natural(examples));
        var curves = new Dictionary<string, Curve>();
        if (fpr.Length > 0) curves["roc"] = new Curve("false-positive rate", "detection rate", fpr, tpr).Validate();
        return new EvaluationResult(metrics, curves);
    }

    private Tensor Attack(EvaluationContext context, Tensor images, Tensor labels) => options.Attack switch
    {
        DetectAttack.Deepfool => DeepFool.Run(context.Model, images, options.DeepFool, "detect").Adversarial,
        DetectAttack.Pgd => Pgd.Perturb(context.Model, images, labels, options.Pgd, context.Generator),
        _ => throw new NotSupportedException($"detect: the attack '{options.Attack}' is not implemented"),
    };

    private static double[] Natural(IEnumerable<Example> examples) => examples.Select(e => e.Natural).ToArray();

    private static double[] Perturbed(IEnumerable<Example> examples) => examples.Where(e => e.Perturbed is not null).Select(e => e.Perturbed!.Value).ToArray();

    private static double Fraction(IReadOnlyCollection<Example> examples, Func<Example, bool> hit) =>
        examples.Count == 0 ? double.NaN : (double)examples.Count(hit) / examples.Count;
}
