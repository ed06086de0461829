using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// A two-class "classifier" with known outputs, for evaluation tests: example i is an image
/// [1, 1, 1] holding the number i, and the model looks up row i of a fixed logit table, so each
/// example's softmax is exactly what the test chose, whatever the batching.
/// </summary>
internal sealed class FixedClassifier : IDisposable
{
    private readonly Tensor _table;
    private readonly Generator _generator = new(0);

    /// <param name="classOneProbabilities">p(class 1) of each example; logits (0, ln(p / (1 - p))) give softmax (1 - p, p).</param>
    public FixedClassifier(double[] classOneProbabilities)
    {
        var logits = classOneProbabilities.SelectMany(p => new[] { 0.0, Math.Log(p / (1 - p)) }).ToArray();
        _table = torch.tensor(logits, [classOneProbabilities.Length, 2]).DetachFromDisposeScope();
        Model = new Lambda("fixed", x => _table.index_select(0, x.flatten().to(ScalarType.Int64)));
    }

    public Lambda Model { get; }

    /// <summary>A split of the given examples (by index into the table) with the given labels.</summary>
    public static TensorDataset Split(long[] examples, long[] labels) =>
        new(torch.tensor(examples.Select(i => (float)i).ToArray(), [examples.Length, 1, 1, 1]).DetachFromDisposeScope(),
            torch.tensor(labels).DetachFromDisposeScope());

    public EvaluationContext Context(DataSplits splits, int batchSize, int? maxExamples = null) =>
        new(Model, splits, Device.CPU, _generator, new EvaluationBudget(maxExamples, batchSize));

    public void Dispose()
    {
        Model.Dispose();
        _table.Dispose();
        _generator.Dispose();
    }
}
