using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Minimal adversarial perturbations by DeepFool (see <see cref="DeepFool"/>) on the first
/// <c>examples</c> examples of a split. Each example is attacked away from its predicted class;
/// ||r|| is the norm (l2 or linf, as attacked) of r = x_adv - x after the [0, 1] clip.
/// <list type="bullet">
/// <item><c>success-rate</c>: the fraction of examples whose prediction changed within the iteration limit;</item>
/// <item><c>rho-adv</c>: the mean over fooled examples of ||r|| / ||x|| (the paper's robustness measure);</item>
/// <item><c>mean-norm</c>, <c>median-norm</c>: the mean and median ||r|| over fooled examples;</item>
/// <item><c>mean-iterations</c>: the mean number of linearisation steps of fooled examples;</item>
/// <item>curve <c>robust-accuracy</c>: for eps from 0 to the largest ||r||, the fraction of examples
/// correctly classified and not fooled within eps (a failed attack counts as robust at every eps): the
/// accuracy under the minimal-perturbation attack, an upper bound on the true robust accuracy.</item>
/// </list>
/// </summary>
[Plugin("deepfool", Summary = "DeepFool minimal perturbations (l2 or linf): rho_adv, median perturbation norm, success rate, robust-accuracy curve")]
public sealed class DeepFoolEvaluation(DeepFoolOptions options) : IEvaluation
{
    private const int CurvePoints = 21;

    public EvaluationResult Evaluate(EvaluationContext context)
    {
        const string who = "deepfool";
        var selection = AttackExamples.Select(context, options.Split, options.Examples, who);
        var (split, count) = (selection.Split, selection.Count);
        var p = options.Norm == DeepFoolNorm.L2 ? 2.0 : double.PositiveInfinity;
        var norms = new List<double>();
        var ratios = new List<double>();
        var iterationCounts = new List<double>();
        // The norm each correctly classified example needs to be fooled (infinity when the attack failed).
        var robustNorms = new List<double>();
        foreach (var (start, length) in selection.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = split.Images.narrow(0, start, length).to(context.Device);
            var labels = split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var result = DeepFool.Run(context.Model, images, options.Settings, who);
            var norm = GeometryExamples.RowNorm(result.Adversarial - images, p).to(Device.CPU, ScalarType.Float64).ToArray<double>();
            var imageNorm = GeometryExamples.RowNorm(images, p).to(Device.CPU, ScalarType.Float64).ToArray<double>();
            var fooled = result.Fooled.cpu().ToArray<bool>();
            var steps = result.Iterations.cpu().ToArray<long>();
            var correct = result.Original.eq(labels).cpu().ToArray<bool>();
            for (var i = 0; i < length; i++)
            {
                if (fooled[i])
                {
                    norms.Add(norm[i]);
                    ratios.Add(norm[i] / imageNorm[i]);
                    iterationCounts.Add(steps[i]);
                }
                if (correct[i]) robustNorms.Add(fooled[i] ? norm[i] : double.PositiveInfinity);
            }
        }

        var metrics = new Dictionary<string, double>
        {
            ["success-rate"] = (double)norms.Count / count,
            ["rho-adv"] = GeometryExamples.Mean(ratios),
            ["mean-norm"] = GeometryExamples.Mean(norms),
            ["median-norm"] = GeometryExamples.Median(norms),
            ["mean-iterations"] = GeometryExamples.Mean(iterationCounts),
        };
        return new EvaluationResult(metrics, new Dictionary<string, Curve> { ["robust-accuracy"] = RobustAccuracy(robustNorms, norms, count) });
    }

    /// <summary>Accuracy at eps: correctly classified examples whose minimal perturbation is larger than eps, over all examples.</summary>
    private static Curve RobustAccuracy(List<double> robustNorms, List<double> norms, long count)
    {
        var largest = norms.Count == 0 ? 0 : norms.Max();
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < CurvePoints; i++)
        {
            var eps = largest * i / (CurvePoints - 1);
            x.Add(eps);
            y.Add((double)robustNorms.Count(n => n > eps) / count);
        }
        return new Curve("eps", "accuracy", x, y).Validate();
    }
}
