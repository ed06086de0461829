using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1;

/// <summary>
/// Accuracy and mean confidence (the largest class probability, under the trained loss's link) on
/// one split. In report tables the metrics are <c>plugin-kebab-name.accuracy</c> and
/// <c>plugin-kebab-name.mean-confidence</c>: the host puts the evaluation's name before each.
/// </summary>
[Plugin("plugin-kebab-name", Summary = "Accuracy and mean confidence of the trained model on one split")]
public sealed class LossBenchPlugin1Evaluation(LossBenchPlugin1Options options) : IEvaluation, IDeclaresMetrics<LossBenchPlugin1Options>
{
    /// <summary>Declared, so that the host refuses a report table over a name this evaluation never reports.</summary>
    public static IReadOnlyList<string> MetricsOf(LossBenchPlugin1Options options) => ["accuracy", "mean-confidence"];

    public EvaluationResult Evaluate(EvaluationContext context)
    {
        // test, train, a data set's extra split, or corrupt:<kind>@<severity>, made by the host.
        var split = context.Splits.Resolve(options.Split, "plugin-kebab-name");
        var count = context.Budget.MaxExamples is { } max ? Math.Min(split.Count, max) : split.Count;
        double correct = 0, confidence = 0;
        for (long start = 0; start < count; start += context.Budget.BatchSize)
        {
            // One scope per batch: memory stays flat however large the split is.
            using var scope = NewDisposeScope();
            var length = Math.Min(context.Budget.BatchSize, count - start);
            var logits = context.Logits(split.Images.narrow(0, start, length)).to(Device.CPU, ScalarType.Float64);
            var (maxLogProbs, predicted) = context.LogProbabilities(logits).max(1);
            correct += predicted.eq(split.Labels.narrow(0, start, length)).sum().item<long>();
            confidence += maxLogProbs.exp().sum().item<double>();
        }
        return EvaluationResult.Of(new Dictionary<string, double>
        {
            ["accuracy"] = correct / count,
            ["mean-confidence"] = confidence / count,
        });
    }
}
