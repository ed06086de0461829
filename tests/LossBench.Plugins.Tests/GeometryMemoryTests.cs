using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The geometry evaluations keep their batches, iterations and probes inside dispose scopes, so an
/// evaluation leaves no native tensor behind. Counted with torch.live_tensors, a process-wide
/// number, so this runs alone.
/// </summary>
[Collection(NativeHandlesCollection.Name)]
public sealed class GeometryMemoryTests
{
    private static long SettledLiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.live_tensors;
    }

    [Fact]
    public void Every_geometry_evaluation_leaves_no_tensor_behind()
    {
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5], 0.2, insideIsOne: false);
        var points = Enumerable.Range(0, 9).Select(i => new[] { 0.5 + 0.01 * i, 0.45 + 0.01 * (i % 3), 0.5 - 0.005 * i }).ToArray();
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        IEvaluation[] evaluations =
        [
            new DeepFoolEvaluation(new DeepFoolOptions()),
            new CurvatureEvaluation(new CurvatureOptions { Hvp = HessianVectorProduct.DoubleBackward }),
            new CurvatureEvaluation(new CurvatureOptions { Hvp = HessianVectorProduct.FiniteDifference }),
            new DetectEvaluation(new DetectOptions { Radius = 0.05 }),
            new ConnectivityEvaluation(new ConnectivityOptions()),
        ];
        var before = SettledLiveTensors();
        foreach (var evaluation in evaluations)
        {
            evaluation.Evaluate(model.Context(splits, batchSize: 4));
            // Counted without collecting garbage: a tensor left to the finalizer would still be alive here.
            Assert.True(before == torch.live_tensors, $"{evaluation.GetType().Name} left {torch.live_tensors - before} tensors behind");
        }
    }
}
