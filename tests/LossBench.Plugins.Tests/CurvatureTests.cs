using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using LossBench.Torch.Modules;
using MathNet.Numerics.LinearAlgebra;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Boundary curvature against quadratic decision functions, whose principal curvatures follow
/// from the Hessian: for F(x) = x^T A x + b^T x + c, grad F = (A + A^T) x + b and H = A + A^T, so at a
/// boundary point the principal curvatures are the eigenvalues of P H P / ||grad F|| on the
/// tangent space (P = I - n n^T), computed here independently with MathNet on an explicit basis.
/// </summary>
public sealed class CurvatureTests
{
    // A non-symmetric A: the Hessian is A + A^T.
    private static readonly double[] A = [1.0, 0.3, 0.0, -0.1, -0.5, 0.2, 0.0, 0.0, 2.0];
    private static readonly double[] B = [0.3, -0.4, 0.2];
    private static readonly double[] Point = [0.45, 0.55, 0.5];

    /// <summary>c such that F(Point) = 0: the point lies on the boundary.</summary>
    private static double C()
    {
        var a = Matrix<double>.Build.DenseOfRowMajor(3, 3, A);
        var x = Vector<double>.Build.DenseOfArray(Point);
        return -(x * (a * x) + Vector<double>.Build.DenseOfArray(B) * x);
    }

    /// <summary>The principal curvatures at Point, largest |value| first, from an orthonormal tangent basis.</summary>
    private static double[] ExpectedCurvatures()
    {
        var a = Matrix<double>.Build.DenseOfRowMajor(3, 3, A);
        var hessian = a + a.Transpose();
        var x = Vector<double>.Build.DenseOfArray(Point);
        var gradient = hessian * x + Vector<double>.Build.DenseOfArray(B);
        var n = gradient / gradient.L2Norm();
        // Two unit vectors orthogonal to n (Gram-Schmidt on e1, e2; n is not parallel to either here).
        var t1 = Vector<double>.Build.DenseOfArray([1.0, 0, 0]);
        t1 = (t1 - n * (n * t1)).Normalize(2);
        var t2 = Vector<double>.Build.DenseOfArray([0, 1.0, 0]);
        t2 = t2 - n * (n * t2) - t1 * (t1 * t2);
        t2 = t2.Normalize(2);
        var basis = Matrix<double>.Build.DenseOfColumnVectors(t1, t2);
        var shape = basis.Transpose() * hessian * basis / gradient.L2Norm();
        return shape.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).OrderByDescending(Math.Abs).ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lanczos_on_the_shape_operator_recovers_the_principal_curvatures_of_a_quadratic(bool finiteDifference)
    {
        using var model = GeometryModel.Quadratic(A, B, C());
        using var scope = torch.NewDisposeScope();
        var points = torch.tensor(Point, [1, 1, 1, 3], ScalarType.Float64);
        var k = torch.tensor(new long[] { 0 });
        var l = torch.tensor(new long[] { 1 });
        var boundary = new BoundaryCurvature(model.Model, points, k, l, finiteDifference, step: 0.05, "test");
        var start = boundary.Tangent(torch.tensor(new[] { 0.3, -0.7, 0.2 }, [1, 3], ScalarType.Float64));
        var ritz = Lanczos.Run(boundary.ShapeOperator, start, steps: 2);
        var expected = ExpectedCurvatures();
        Assert.True(Math.Abs(Math.Abs(expected[0]) - Math.Abs(expected[1])) > 0.1, "the test wants distinct curvatures");
        Expect.Close(expected, ritz.Values[0], rtol: 1e-8, atol: 1e-10, what: "principal curvatures");

        // The Ritz vectors are unit tangent eigenvectors: S u = kappa u, u . n = 0.
        for (var i = 0; i < 2; i++)
        {
            var u = ritz.Vectors.narrow(1, i, 1).squeeze(1);
            Expect.Close(Expect.Values(u * ritz.Values[0][i]), Expect.Values(boundary.ShapeOperator(u)), rtol: 1e-8, atol: 1e-10, what: $"S u{i}");
            Expect.Close(0, (u * boundary.Normal).sum().item<double>(), atol: 1e-10, what: $"u{i} . n");
            Expect.Close(1, u.norm().item<double>(), rtol: 1e-10, what: $"||u{i}||");
        }
    }

    [Fact]
    public void Central_differences_of_gradients_are_the_hessian_times_v_on_a_quadratic()
    {
        // (A + A^T) v worked out: v = (1, -2, 0.5).
        using var model = GeometryModel.Quadratic(A, B, C());
        using var scope = torch.NewDisposeScope();
        var points = torch.tensor(Point, [1, 1, 1, 3], ScalarType.Float64);
        var boundary = new BoundaryCurvature(model.Model, points, torch.tensor(new long[] { 0 }), torch.tensor(new long[] { 1 }), true, 0.1, "test");
        var product = boundary.HessianTimes(torch.tensor(new[] { 1.0, -2, 0.5 }, [1, 3], ScalarType.Float64));
        // H = [[2, 0.2, 0], [0.2, -1, 0.2], [0, 0.2, 4]].
        Expect.Close([2 - 0.4, 0.2 + 2 + 0.1, -0.4 + 2], Expect.Values(product), rtol: 1e-9, atol: 1e-12);
    }

    [Fact]
    public void Random_tangent_curvatures_average_to_the_mean_curvature()
    {
        // In 3 dimensions the tangent space is a plane with principal curvatures k1, k2: for v at angle
        // theta to the first principal direction, kappa(v) = k1 cos^2 + k2 sin^2, uniform theta. Mean:
        // (k1 + k2) / 2, standard deviation |k1 - k2| / (2 sqrt 2); E|kappa| by quadrature over theta.
        // 4000 probes: each mean within 4 standard errors.
        const int probes = 4000;
        using var model = GeometryModel.Quadratic(A, B, C());
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        var boundary = new BoundaryCurvature(model.Model, torch.tensor(Point, [1, 1, 1, 3], ScalarType.Float64),
            torch.tensor(new long[] { 0 }), torch.tensor(new long[] { 1 }), finiteDifference: false, step: 0, "test");
        var kappa = Expect.Values(boundary.RandomTangentCurvatures(generator, probes));
        Assert.Equal(probes, kappa.Length);
        var (k1, k2) = (ExpectedCurvatures()[0], ExpectedCurvatures()[1]);
        var sd = Math.Abs(k1 - k2) / (2 * Math.Sqrt(2));
        Expect.Close((k1 + k2) / 2, kappa.Average(), atol: 4 * sd / Math.Sqrt(probes), what: "mean curvature");
        const int grid = 100000;
        var absolute = Enumerable.Range(0, grid).Select(i => 2 * Math.PI * (i + 0.5) / grid)
            .Average(t => Math.Abs(k1 * Math.Cos(t) * Math.Cos(t) + k2 * Math.Sin(t) * Math.Sin(t)));
        Expect.Close(absolute, kappa.Average(Math.Abs), atol: 4 * Math.Max(Math.Abs(k1), Math.Abs(k2)) / Math.Sqrt(probes), what: "mean |kappa|");
        // Every kappa lies between the principal curvatures.
        Assert.All(kappa, v => Assert.InRange(v, Math.Min(k1, k2) - 1e-9, Math.Max(k1, k2) + 1e-9));
    }

    private static double[][] PointsInBall() =>
    [
        [0.6, 0.5, 0.45, 0.5],
        [0.5, 0.4, 0.5, 0.55],
        [0.45, 0.5, 0.6, 0.42],
        [0.52, 0.58, 0.5, 0.5],
    ];

    [Theory]
    [InlineData(HessianVectorProduct.DoubleBackward)]
    [InlineData(HessianVectorProduct.FiniteDifference)]
    [InlineData(HessianVectorProduct.Auto)]
    public void On_a_sphere_every_principal_curvature_is_one_over_the_radius(HessianVectorProduct hvp)
    {
        // Class 1 inside the ball |x - c| < rho, F = f_1 - f_0 = rho^2 - |x - c|^2: at a boundary point
        // grad F = -2 (x - c), ||grad F|| = 2 rho, H = -2 I, so S = -P / rho: every principal
        // curvature and every kappa(v) is -1/rho; mean curvature -1/rho, |.| 1/rho.
        const double rho = 0.3;
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5, 0.5], rho);
        var points = PointsInBall();
        using var splits = new DataSplits(GeometryModel.Split(points, [1, 1, 1, 1]), GeometryModel.Split(points, [1, 1, 1, 1]));
        var result = new CurvatureEvaluation(new CurvatureOptions { Hvp = hvp, TopK = 1, Probes = 3 }).Evaluate(model.Context(splits, batchSize: 3));
        Expect.Close(4, result.Metrics["boundary-points"]);
        Expect.Close(1 / rho, result.Metrics["curvature@1"], rtol: 1e-7);
        Expect.Close(-1 / rho, result.Metrics["mean-curvature"], rtol: 1e-7);
        Expect.Close(1 / rho, result.Metrics["random-curvature"], rtol: 1e-7);
        Expect.Close(2 * rho, result.Metrics["gradient-norm"], rtol: 1e-7);
        // A quadratic has a Hessian that double backward sees, so auto keeps it.
        Expect.Close(hvp == HessianVectorProduct.FiniteDifference ? 1 : 0, result.Metrics["finite-difference"]);
    }

    [Fact]
    public void With_as_many_directions_as_tangent_dimensions_the_curved_fraction_is_one()
    {
        // In 3 dimensions the tangent space has 2: the top-2 Ritz vectors span it, so the whole
        // tangential part of any perturbation lies in their span (and the baseline is 2 / 2).
        using var model = GeometryModel.Quadratic(A, B, C() + 0.05);
        double[][] points = [[0.45, 0.55, 0.5], [0.4, 0.5, 0.52], [0.5, 0.6, 0.45]];
        using var splits = new DataSplits(GeometryModel.Split(points, [0, 0, 0]), GeometryModel.Split(points, [0, 0, 0]));
        var result = new CurvatureEvaluation(new CurvatureOptions { TopK = 2, LanczosSteps = 5 }).Evaluate(model.Context(splits));
        Assert.True(result.Metrics["boundary-points"] >= 1);
        Expect.Close(1, result.Metrics["curved-fraction"], rtol: 1e-6);
        Expect.Close(1, result.Metrics["curved-fraction-baseline"]);
    }

    [Fact]
    public void Auto_uses_finite_differences_on_a_piecewise_linear_network()
    {
        // Logits (0, 2 relu(x1 + x2 - 1) - 0.2): double backward through relu gives H v = 0. The points
        // have 1 < x1 + x2 < 1.1 (class 0, on the relu's active side, so DeepFool has a gradient).
        using var model = new GeometryModelRelu();
        double[][] points = [[0.52, 0.52], [0.5, 0.55], [0.6, 0.45]];
        using var splits = new DataSplits(GeometryModel.Split(points, [0, 0, 0]), GeometryModel.Split(points, [0, 0, 0]));
        var result = new CurvatureEvaluation(new CurvatureOptions { TopK = 1 }).Evaluate(model.Context(splits));
        Expect.Close(1, result.Metrics["finite-difference"]);
        Expect.Close(3, result.Metrics["boundary-points"]);
    }

    /// <summary>A one-hidden-unit ReLU classifier: logits (0, 2 relu(x1 + x2 - 1) - 0.2).</summary>
    private sealed class GeometryModelRelu : IDisposable
    {
        private readonly Generator _generator = new(3);
        private readonly Lambda _model = new("relu", x =>
        {
            var flat = x.flatten(1);
            var hidden = torch.nn.functional.relu(flat.sum(1) - 1) * 2 - 0.2;
            return torch.stack([torch.zeros_like(hidden), hidden], 1);
        });

        public LossBench.Sdk.Evaluations.EvaluationContext Context(DataSplits splits) =>
            new(_model, splits, Device.CPU, _generator, new LossBench.Sdk.Evaluations.EvaluationBudget(null, 256));

        public void Dispose()
        {
            _model.Dispose();
            _generator.Dispose();
        }
    }
    [Fact]
    public void The_shared_subspace_is_the_top_of_the_average_projector()
    {
        // Point 1 curved along e1, e2; point 2 along e1, e3 (in R^4). M = (2 e1 e1^T + e2 e2^T + e3 e3^T) / 2:
        // e1 has eigenvalue 1, e2 and e3 0.5, e4 0. Both routes (Gram matrix when rows <= D, D x D otherwise).
        using var scope = torch.NewDisposeScope();
        var directions = torch.tensor(new double[] { 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0 }, [4, 4], ScalarType.Float64);
        foreach (var rows in new[] { directions, torch.cat([directions, torch.zeros([1, 4], dtype: ScalarType.Float64)]) })
        {
            var (basis, weights) = SharedSubspace.Estimate(rows, points: 2, dimension: 3);
            Expect.Close([1, 0.5, 0.5], weights, rtol: 1e-12, atol: 1e-12, what: "eigenvalues of M");
            Expect.Close(1, Math.Abs(basis.select(0, 0).select(0, 0).item<double>()), rtol: 1e-12, what: "the top direction is e1");
            // The next two span e2, e3: their components along e1 and e4 vanish, and they are orthonormal.
            var rest = basis.narrow(0, 1, 2);
            Expect.Close(0, rest.select(1, 0).abs().sum().item<double>() + rest.select(1, 3).abs().sum().item<double>(), atol: 1e-12, what: "outside span(e2, e3)");
            Expect.Close(Expect.Values(torch.eye(2, dtype: ScalarType.Float64)), Expect.Values(rest.matmul(rest.t())), atol: 1e-12, what: "orthonormal");
        }
    }

    [Fact]
    public void Perturbations_in_the_curved_subspace_fool_where_random_ones_of_the_same_norm_do_not()
    {
        // In R^400: F = (0.9 - x_1) - 2 (x_2 - 0.5)^2 - (x_3 - 0.5)^2, logits (F, 0). Natural points
        // x_1 = 0.9 - m with m in [0.3, 0.4], x_2 = x_3 = 0.5: DeepFool goes along e_1 and the boundary
        // point is x + m e_1, where grad F = -e_1 and H = diag(0, -4, -2, 0, ...): principal curvatures
        // -4 (e_2) and -2 (e_3), every other direction flat. Top-2 directions at every point: e_2, e_3,
        // so S = span(e_2, e_3) and the average projector has eigenvalue 1 there. A perturbation
        // v = 2.5 m (cos t e_2 + sin t e_3) gives F = m - (2.5 m)^2 (1 + cos^2 t) <= m - 6.25 m^2 < 0
        // (m > 0.16): every one fools. In a random 2-d subspace of R^400 a unit u has components of
        // size about 1 / 20 along e_1..e_3, and fooling needs 2.5 u_1 + 6.25 m (2 u_2^2 + u_3^2) > 1,
        // about u_1 > 0.37, seven standard deviations: none fools.
        const int d = 400;
        using var model = GeometryModel.Custom(x =>
        {
            var f = x.select(1, 0).neg() + 0.9 - (x.select(1, 1) - 0.5).square() * 2 - (x.select(1, 2) - 0.5).square();
            return torch.stack([f, torch.zeros_like(f)], 1);
        });
        var points = Enumerable.Range(0, 8).Select(i =>
        {
            var p = Enumerable.Range(0, d).Select(j => 0.3 + 0.4 * ((i * 7 + j * 13) % 17) / 16.0).ToArray();
            (p[0], p[1], p[2]) = (0.9 - (0.3 + 0.1 * i / 7), 0.5, 0.5);
            return p;
        }).ToArray();
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var options = new CurvatureOptions { TopK = 2, LanczosSteps = 6, SubspaceDimension = 2, SubspaceNorms = [2.5], SubspaceDraws = 10, Hvp = HessianVectorProduct.DoubleBackward };
        var result = new CurvatureEvaluation(options).Evaluate(model.Context(splits));

        Expect.Close(8, result.Metrics["boundary-points"]);
        Expect.Close(4, result.Metrics["curvature@1"], rtol: 1e-6);
        Expect.Close(1, result.Metrics["shared-subspace.weight"], rtol: 1e-9);
        Expect.Close(1, result.Metrics["shared-subspace.fooling-rate@norm=2.5"]);
        Expect.Close(0, result.Metrics["random-subspace.fooling-rate@norm=2.5"]);
    }
}
