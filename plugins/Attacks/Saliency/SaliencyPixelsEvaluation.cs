using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Saliency;

/// <summary>
/// Does the model rely on the pixels its gradient points at? The saliency of a pixel is
/// |d loss / d x| at the true label, summed over its channels. For each fraction k, the k * P
/// most salient pixels of each image (all channels of a pixel) are replaced with the fill and
/// the accuracy measured; the same with k * P pixels chosen at random per image is the control.
/// <list type="bullet">
/// <item><c>salient.accuracy@k=f</c> and <c>random.accuracy@k=f</c> per fraction; curves
/// <c>salient</c> and <c>random</c> (accuracy against the fraction);</item>
/// <item><c>salient.area</c>, <c>random.area</c>: the area under each curve by the trapezoid rule
/// over the fractions, divided by their range (max - min), so an accuracy that stays at a stays at
/// area a;</item>
/// <item><c>gap</c> = random.area - salient.area: positive when the salient pixels matter more
/// than random ones;</item>
/// <item><c>flag.zero-gradients</c>: the fraction of examples whose saliency is zero everywhere
/// (their "salient" pixels are then the first pixels in raster order: ties go to the lower index).</item>
/// </list>
/// </summary>
[Plugin("saliency-pixels", Summary = "Accuracy after replacing the most salient (|input gradient|) pixels vs random pixels: curves, areas and their gap")]
public sealed class SaliencyPixelsEvaluation(SaliencyPixelsOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var examples = AttackExamples.Select(context, options.Split, options.Examples, "saliency-pixels");
        var fractions = options.Fractions;
        var salient = new long[fractions.Count];
        var random = new long[fractions.Count];
        long zeroGradients = 0;
        using var mean = options.Fill == PixelFill.Mean ? ChannelMean(examples.Split.Images, context.Device) : null;

        foreach (var (start, length) in examples.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = examples.Split.Images.narrow(0, start, length).to(context.Device);
            var labels = examples.Split.Labels.narrow(0, start, length).to(context.Device, ScalarType.Int64);
            var (gradient, _) = AttackObjective.InputGradient(context.Model, images, labels, options.Loss);
            zeroGradients += AttackObjective.ZeroGradientCount(gradient);
            var pixels = images.shape[2] * images.shape[3];

            var salientRank = Ranks(Saliency(gradient));
            var randomRank = Ranks(torch.rand([length, pixels], context.Generator).to(context.Device));
            var fill = Fill(options.Fill, images, mean, context.Generator);
            for (var f = 0; f < fractions.Count; f++)
            {
                using var fractionScope = torch.NewDisposeScope();
                var count = PixelCount(fractions[f], pixels);
                salient[f] += Correct(context, Replace(images, fill, salientRank, count), labels);
                random[f] += Correct(context, Replace(images, fill, randomRank, count), labels);
            }
        }

        double n = examples.Count;
        var salientAccuracy = salient.Select(c => c / n).ToArray();
        var randomAccuracy = random.Select(c => c / n).ToArray();
        var metrics = new Dictionary<string, double>();
        for (var f = 0; f < fractions.Count; f++) metrics[$"salient.accuracy@k={MetricNames.Number(fractions[f])}"] = salientAccuracy[f];
        for (var f = 0; f < fractions.Count; f++) metrics[$"random.accuracy@k={MetricNames.Number(fractions[f])}"] = randomAccuracy[f];
        var salientArea = NormalisedArea(fractions, salientAccuracy);
        var randomArea = NormalisedArea(fractions, randomAccuracy);
        metrics["salient.area"] = salientArea;
        metrics["random.area"] = randomArea;
        metrics["gap"] = randomArea - salientArea;
        metrics[AttackFlags.ZeroGradients] = zeroGradients / n;

        var fillName = options.Fill.ToString().ToLowerInvariant();
        var curves = new Dictionary<string, Curve>
        {
            ["salient"] = SortedCurve(fractions, salientAccuracy, $"accuracy (salient pixels set to {fillName})"),
            ["random"] = SortedCurve(fractions, randomAccuracy, $"accuracy (random pixels set to {fillName})"),
        };
        return new EvaluationResult(metrics, curves);
    }

    /// <summary>Saliency [N, H * W]: |gradient| summed over the channels of each pixel.</summary>
    internal static Tensor Saliency(Tensor gradient) => gradient.abs().sum(1).flatten(1);

    /// <summary>
    /// Each pixel's rank [N, P] (int64) by descending score: 0 for the highest. Ties are ranked by
    /// pixel index (a stable sort), so equal scores give a reproducible order.
    /// </summary>
    internal static Tensor Ranks(Tensor scores)
    {
        var (_, order) = scores.sort(1, descending: true, stable: true);
        var positions = torch.arange(scores.shape[1], device: scores.device).unsqueeze(0).expand(scores.shape[0], scores.shape[1]).contiguous();
        return torch.zeros_like(order).scatter(1, order, positions);
    }

    /// <summary>round(k * P) pixels, halves rounded up.</summary>
    internal static long PixelCount(double fraction, long pixels) => (long)Math.Round(fraction * pixels, MidpointRounding.AwayFromZero);

    /// <summary>The images with every pixel of rank below <paramref name="count"/> replaced, in all channels, by <paramref name="fill"/>.</summary>
    internal static Tensor Replace(Tensor images, Tensor fill, Tensor ranks, long count)
    {
        var mask = ranks.lt(count).view(images.shape[0], 1, images.shape[2], images.shape[3]);
        return torch.where(mask, fill.to(images.dtype).expand_as(images), images);
    }

    /// <summary>What replaced pixels become, the shape of the images; <paramref name="mean"/> is the [1, C, 1, 1] channel mean for <see cref="PixelFill.Mean"/>.</summary>
    internal static Tensor Fill(PixelFill fill, Tensor images, Tensor? mean, Generator generator) => fill switch
    {
        PixelFill.Zero => torch.zeros_like(images),
        PixelFill.Mean => (mean ?? throw new ArgumentNullException(nameof(mean), "the mean fill needs the channel mean")).expand_as(images),
        PixelFill.Uniform => torch.rand(images.shape, generator).to(images.device, images.dtype),
        PixelFill.Inverted => images.rsub(1.0),
        _ => throw new ArgumentOutOfRangeException(nameof(fill), fill, "unknown fill"),
    };

    /// <summary>Each channel's mean over every image and pixel of the split, as [1, C, 1, 1], on <paramref name="device"/> (default: the images').</summary>
    internal static Tensor ChannelMean(Tensor images, Device? device = null)
    {
        using var scope = torch.NewDisposeScope();
        // Summed in float64: a split holds millions of values.
        return images.to(ScalarType.Float64).mean([0, 2, 3], keepdim: true).to(device ?? images.device, images.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The area under the curve (fraction, accuracy) by the trapezoid rule over the fractions in
    /// ascending order, divided by their range: the curve's mean height.
    /// </summary>
    internal static double NormalisedArea(IReadOnlyList<double> fractions, IReadOnlyList<double> accuracies)
    {
        var points = fractions.Zip(accuracies).OrderBy(p => p.First).ToArray();
        var range = points[^1].First - points[0].First;
        if (points.Length < 2 || range <= 0)
            throw new ArgumentException("the area needs at least two distinct fractions", nameof(fractions));
        var area = 0.0;
        for (var i = 1; i < points.Length; i++)
            area += (points[i].First - points[i - 1].First) * (points[i].Second + points[i - 1].Second) / 2;
        return area / range;
    }

    private static Curve SortedCurve(IReadOnlyList<double> fractions, IReadOnlyList<double> accuracies, string yName)
    {
        var points = fractions.Zip(accuracies).OrderBy(p => p.First).ToArray();
        return new Curve("fraction of pixels replaced", yName, points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray()).Validate();
    }

    private static long Correct(EvaluationContext context, Tensor images, Tensor labels) =>
        context.Logits(images).argmax(1).eq(labels).sum().item<long>();
}
