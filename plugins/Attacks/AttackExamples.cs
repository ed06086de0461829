using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;

namespace LossBench.Plugins.Attacks;

/// <summary>
/// Which examples an attack evaluation uses: the first ones of the chosen split, at most the
/// benchmark's max-eval-examples and at most the evaluation's own <c>examples</c> option. Attacks
/// cost tens of forward and backward passes per example, so a benchmark usually gives them fewer
/// examples than the clean evaluation, which the shared budget alone could not express.
/// </summary>
internal sealed record AttackExamples(TensorDataset Split, long Count, int BatchSize)
{
    public static AttackExamples Select(EvaluationContext context, string splitName, int? examples, string who)
    {
        var split = context.Splits.Resolve(splitName, who);
        var batchSize = context.Budget.BatchSize;
        if (batchSize < 1) throw new ArgumentException($"{who}: the batch size must be at least 1, got {batchSize}", nameof(context));
        long count = split.Count;
        if (context.Budget.MaxExamples is { } max) count = Math.Min(count, Math.Max(0, max));
        if (examples is { } own) count = Math.Min(count, own);
        if (count == 0)
            throw new InvalidOperationException(
                $"{who}: the split '{splitName}' has no examples to evaluate (it holds {split.Count}, the budget allows {context.Budget.MaxExamples?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}, the examples option {examples?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"})");
        return new AttackExamples(split, count, batchSize);
    }

    /// <summary>(start, length) of each batch, in order.</summary>
    public IEnumerable<(long Start, long Length)> Batches()
    {
        for (long start = 0; start < Count; start += BatchSize)
            yield return (start, Math.Min(BatchSize, Count - start));
    }
}
