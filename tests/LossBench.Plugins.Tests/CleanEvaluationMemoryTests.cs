using LossBench.Plugins.Evaluations;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// clean keeps every batch inside a dispose scope, so evaluating leaves no native tensor behind
/// however many batches it takes. Counted with torch.live_tensors, a process-wide number, so this
/// runs alone.
/// </summary>
[Collection(NativeHandlesCollection.Name)]
public sealed class CleanEvaluationMemoryTests
{
    private static long SettledLiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.live_tensors;
    }

    [Fact]
    public void Evaluating_in_many_batches_leaves_no_tensor_behind()
    {
        var examples = Enumerable.Range(0, 200).Select(i => (long)(i % 5)).ToArray();
        var labels = examples.Select(i => i % 2).ToArray();
        using var classifier = new FixedClassifier([0.90, 0.70, 0.75, 0.45, 0.95]);
        using var splits = new DataSplits(FixedClassifier.Split([0], [0]), FixedClassifier.Split(examples, labels));
        var evaluation = new CleanEvaluation(new CleanOptions());

        var before = SettledLiveTensors();
        for (var run = 0; run < 5; run++)
            evaluation.Evaluate(classifier.Context(splits, batchSize: 3));
        // Counted without collecting garbage: a tensor left to the finalizer would still be alive here.
        Assert.Equal(before, torch.live_tensors);
    }
}
