using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Evaluations;

/// <summary>
/// Clean (unperturbed) performance on one split:
/// <list type="bullet">
/// <item><c>accuracy</c>: the fraction of examples whose arg-max class is the label, in [0, 1];</item>
/// <item><c>nll</c>: the mean of -log p_y;</item>
/// <item><c>ece</c>: expected calibration error over M equal-width confidence bins,
/// sum_b |B_b| / N * |acc(B_b) - conf(B_b)|, where the confidence is the largest class
/// probability and bin b (1-based) holds confidences in ((b - 1) / M, b / M];</item>
/// <item>curve <c>reliability</c>: for each non-empty bin, x = its mean confidence, y = its accuracy;</item>
/// <item>examples <c>accuracy</c>: per example, its index, predicted class, p(label) and correctness
/// (<see cref="ExampleOutcomes"/>), so that the mean of correct is the accuracy.</item>
/// </list>
/// The probabilities p are the trained loss's (<see cref="EvaluationContext.Link"/>): softmax(z), or
/// for losses trained as one-vs-all sigmoids sigmoid(z_c) / sum_k sigmoid(z_k). Ties in the arg-max go
/// to the lowest class index, as in PyTorch.
/// </summary>
[Plugin("clean", Summary = "Accuracy, NLL, expected calibration error and a reliability curve on the clean test split")]
public sealed class CleanEvaluation(CleanOptions options) : IEvaluation, IDeclaresMetrics<CleanOptions>
{
    /// <summary>The names <see cref="Evaluate"/> reports, whatever the options.</summary>
    public static IReadOnlyList<string> MetricsOf(CleanOptions options) => ["accuracy", "nll", "ece"];

    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var split = context.Splits.Resolve(options.Split, "clean");
        var batchSize = context.Budget.BatchSize;
        if (batchSize < 1) throw new ArgumentException($"clean: the batch size must be at least 1, got {batchSize}", nameof(context));
        var count = context.Budget.MaxExamples is { } max ? Math.Min(split.Count, Math.Max(0, max)) : split.Count;
        if (count == 0)
            throw new InvalidOperationException($"clean: the split '{options.Split}' has no examples to evaluate (it holds {split.Count}, the budget allows {context.Budget.MaxExamples})");

        var bins = options.Bins;
        // Sums in float64 so that totals over many batches do not lose the last digits.
        double correct = 0, nllSum = 0;
        var binCount = new long[bins];
        var binCorrect = new double[bins];
        var binConfidence = new double[bins];
        var predictedClasses = new int[count];
        var labelProbabilities = new float[count];
        var correctness = new bool[count];

        for (long start = 0; start < count; start += batchSize)
        {
            // One scope per batch: memory stays flat however large the split is.
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(batchSize, count - start);
            var images = split.Images.narrow(0, start, length);
            var labels = split.Labels.narrow(0, start, length).to(ScalarType.Int64);
            // Probabilities in float64 on the CPU: the metrics then do not depend on the model's dtype or device.
            var logits = context.Logits(images).to(Device.CPU, ScalarType.Float64);
            if (logits.dim() != 2 || logits.shape[0] != length)
                throw new InvalidOperationException($"clean: the model returned logits of shape [{string.Join(", ", logits.shape)}] for {length} images; expected [{length}, classes]");
            var logProbs = context.LogProbabilities(logits);
            var labelLogProbs = logProbs.gather(1, labels.unsqueeze(1)).squeeze(1);
            nllSum -= labelLogProbs.sum().item<double>();
            var labelProbs = labelLogProbs.exp().ToArray<double>();

            var (maxLogProbs, predictions) = logProbs.max(1);
            var confidences = maxLogProbs.exp().ToArray<double>();
            var predicted = predictions.ToArray<long>();
            var truth = labels.contiguous().ToArray<long>();
            for (var i = 0; i < confidences.Length; i++)
            {
                var hit = predicted[i] == truth[i] ? 1.0 : 0.0;
                var bin = BinOf(confidences[i], bins);
                correct += hit;
                binCount[bin]++;
                binCorrect[bin] += hit;
                binConfidence[bin] += confidences[i];
                predictedClasses[start + i] = checked((int)predicted[i]);
                labelProbabilities[start + i] = (float)labelProbs[i];
                correctness[start + i] = hit == 1.0;
            }
        }

        var ece = 0.0;
        var x = new List<double>();
        var y = new List<double>();
        for (var b = 0; b < bins; b++)
        {
            if (binCount[b] == 0) continue;
            // |B|/N * |acc - conf| = |sum of hits - sum of confidences| / N.
            ece += Math.Abs(binCorrect[b] - binConfidence[b]) / count;
            x.Add(binConfidence[b] / binCount[b]);
            y.Add(binCorrect[b] / binCount[b]);
        }

        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = correct / count,
            ["nll"] = nllSum / count,
            ["ece"] = ece,
        };
        var curves = new Dictionary<string, Curve>
        {
            ["reliability"] = new Curve("confidence", "accuracy", x, y).Validate(),
        };
        var examples = new ExampleOutcomes(Enumerable.Range(0, checked((int)count)).ToArray(), predictedClasses, labelProbabilities, correctness).Validate();
        return new EvaluationResult(metrics, curves) { Examples = new Dictionary<string, ExampleOutcomes> { ["accuracy"] = examples } };
    }

    /// <summary>
    /// The 0-based bin of a confidence: bin i holds (i / M, (i + 1) / M]. Computed from the product
    /// and then corrected against the bin edges, because conf * M can round across an edge
    /// (0.2 * 15 is 3.0000000000000004 in binary floating point).
    /// </summary>
    internal static int BinOf(double confidence, int bins)
    {
        var bin = Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
        while (bin > 0 && confidence <= (double)bin / bins) bin--;
        while (bin < bins - 1 && confidence > (double)(bin + 1) / bins) bin++;
        return bin;
    }
}
