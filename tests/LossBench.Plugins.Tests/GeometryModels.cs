using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Classifiers with known decision boundaries for the geometry tests, in float64 so that the
/// closed forms can be compared to many digits. Images are [N, 1, 1, D]; each model flattens them.
/// </summary>
internal sealed class GeometryModel : IDisposable
{
    private readonly Tensor[] _constants;
    private readonly Generator _generator = new(7);

    private GeometryModel(Func<Tensor, Tensor> logits, params Tensor[] constants)
    {
        _constants = constants;
        Model = new Lambda("geometry", x => logits(x.flatten(1)));
    }

    public Lambda Model { get; }

    /// <summary>Logits given by a function of the flattened [N, D] input (its constants inline).</summary>
    public static GeometryModel Custom(Func<Tensor, Tensor> logits) => new(logits);

    /// <summary>Logits x W^T + b, W [K, D] row-major.</summary>
    public static GeometryModel Affine(double[] weights, double[] bias)
    {
        var w = torch.tensor(weights, [bias.Length, weights.Length / bias.Length], ScalarType.Float64).DetachFromDisposeScope();
        var b = torch.tensor(bias, [bias.Length], ScalarType.Float64).DetachFromDisposeScope();
        return new GeometryModel(x => x.matmul(w.t()) + b, w, b);
    }

    /// <summary>Two logits (F(x), 0) with F(x) = x^T A x + b^T x + c: class 0 where F &gt; 0.</summary>
    public static GeometryModel Quadratic(double[] a, double[] b, double c)
    {
        var d = b.Length;
        var matrix = torch.tensor(a, [d, d], ScalarType.Float64).DetachFromDisposeScope();
        var vector = torch.tensor(b, [d], ScalarType.Float64).DetachFromDisposeScope();
        return new GeometryModel(x =>
        {
            var f = (x.matmul(matrix) * x).sum(1) + x.matmul(vector) + c;
            return torch.stack([f, torch.zeros_like(f)], 1);
        }, matrix, vector);
    }

    /// <summary>
    /// Two logits (0, r^2 - ||x - centre||^2) when <paramref name="insideIsOne"/> (class 1 inside the
    /// ball, class 0 outside: a non-convex class 0), the negated second logit otherwise.
    /// </summary>
    public static GeometryModel Ball(double[] centre, double radius, bool insideIsOne = true)
    {
        var c = torch.tensor(centre, [centre.Length], ScalarType.Float64).DetachFromDisposeScope();
        var sign = insideIsOne ? 1.0 : -1.0;
        return new GeometryModel(x =>
        {
            var inside = (x - c).square().sum(1).neg() + radius * radius;
            return torch.stack([torch.zeros_like(inside), inside * sign], 1);
        }, c);
    }

    /// <summary>A float64 split of points [N, D] as [N, 1, 1, D] images.</summary>
    public static TensorDataset Split(double[][] points, long[] labels) =>
        new(torch.tensor(points.SelectMany(p => p).ToArray(), [points.Length, 1, 1, points[0].Length], ScalarType.Float64).DetachFromDisposeScope(),
            torch.tensor(labels).DetachFromDisposeScope());

    /// <summary>An evaluation context whose test split (and train split) holds the given points.</summary>
    public EvaluationContext Context(DataSplits splits, int batchSize = 256, int? maxExamples = null) =>
        new(Model, splits, Device.CPU, _generator, new EvaluationBudget(maxExamples, batchSize));

    public void Dispose()
    {
        Model.Dispose();
        foreach (var t in _constants) t.Dispose();
        _generator.Dispose();
    }
}
