using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>DeepFool against the closed forms of affine classifiers.</summary>
public sealed class DeepFoolTests
{
    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double[][] Run(GeometryModel model, double[][] points, DeepFoolSettings settings, out DeepFoolResult result)
    {
        using var images = torch.tensor(points.SelectMany(p => p).ToArray(), [points.Length, 1, 1, points[0].Length], ScalarType.Float64);
        result = DeepFool.Run(model.Model, images, settings, "test");
        var perturbation = Expect.Values(result.Adversarial - images);
        var d = points[0].Length;
        return Enumerable.Range(0, points.Length).Select(i => perturbation.Skip(i * d).Take(d).ToArray()).ToArray();
    }

    [Fact]
    public void On_an_affine_binary_classifier_the_perturbation_is_minus_f_w_over_w_squared_times_one_plus_overshoot()
    {
        // Logits (0, f(x)), f(x) = w.x + b: the boundary is f = 0 and the nearest boundary point is
        // x - f(x) w / ||w||^2, on either side (class 0 where f < 0, class 1 where f > 0).
        double[] w = [0.3, -0.2, 0.5, 0.1];
        const double b = -0.4;
        using var model = GeometryModel.Affine([0, 0, 0, 0, .. w], [0, b]);
        double[][] points = [[0.5, 0.5, 0.5, 0.5], [0.2, 0.7, 0.4, 0.6], [0.9, 0.1, 0.8, 0.5]];
        const double overshoot = 0.02;
        var r = Run(model, points, new DeepFoolSettings(Overshoot: overshoot), out var result);
        for (var i = 0; i < points.Length; i++)
        {
            var f = Dot(w, points[i]) + b;
            var expected = w.Select(wj => -f * wj / Dot(w, w) * (1 + overshoot)).ToArray();
            Expect.Close(expected, r[i], rtol: 1e-10, atol: 1e-12, what: $"r of point {i} (f = {f})");
        }
        Assert.Equal([0L, 0L, 1L], Expect.Values(result.Original).Select(v => (long)v));
        Assert.Equal([1L, 1L, 0L], Expect.Values(result.Final).Select(v => (long)v));
        Assert.All(Expect.Values(result.Iterations), n => Assert.Equal(1.0, n));
        Assert.All(Expect.Values(result.Fooled.to(ScalarType.Float64)), f => Assert.Equal(1.0, f));
    }

    [Theory]
    [InlineData(DeepFoolNorm.L2)]
    [InlineData(DeepFoolNorm.Linf)]
    public void On_a_multiclass_affine_model_it_finds_the_exact_minimal_perturbation(DeepFoolNorm norm)
    {
        // Four classes in five dimensions. The minimal perturbation that makes class l beat k0 has
        // size |f_l - f_k0| / ||w_l - w_k0||_q (q the dual norm: 2 for l2, 1 for linf); the minimum
        // over l is the distance to the class region's boundary.
        double[][] weights =
        [
            [0.8, -0.3, 0.1, 0.4, -0.2],
            [0.1, 0.6, -0.5, 0.2, 0.3],
            [-0.4, 0.2, 0.7, -0.1, 0.5],
            [0.3, 0.3, 0.3, -0.6, -0.4],
        ];
        double[] bias = [0.05, -0.02, 0.01, 0.0];
        using var model = GeometryModel.Affine(weights.SelectMany(r => r).ToArray(), bias);
        double[][] points = [[0.5, 0.45, 0.55, 0.5, 0.52], [0.4, 0.6, 0.5, 0.45, 0.55], [0.55, 0.5, 0.6, 0.4, 0.5]];
        const double overshoot = 0.02;
        var r = Run(model, points, new DeepFoolSettings(Norm: norm, Overshoot: overshoot), out var result);
        for (var i = 0; i < points.Length; i++)
        {
            var f = weights.Select((row, k) => Dot(row, points[i]) + bias[k]).ToArray();
            var k0 = Array.IndexOf(f, f.Max());
            var best = double.PositiveInfinity;
            double[] bestStep = [];
            for (var l = 0; l < weights.Length; l++)
            {
                if (l == k0) continue;
                var dw = weights[l].Zip(weights[k0], (a, c) => a - c).ToArray();
                var gap = Math.Abs(f[l] - f[k0]);
                var dual = norm == DeepFoolNorm.L2 ? Math.Sqrt(Dot(dw, dw)) : dw.Sum(Math.Abs);
                if (gap / dual >= best) continue;
                best = gap / dual;
                bestStep = norm == DeepFoolNorm.L2
                    ? dw.Select(v => gap / Dot(dw, dw) * v).ToArray()
                    : dw.Select(v => gap / dual * Math.Sign(v)).ToArray();
            }
            var size = norm == DeepFoolNorm.L2 ? Math.Sqrt(Dot(r[i], r[i])) : r[i].Max(Math.Abs);
            Expect.Close(best * (1 + overshoot), size, rtol: 1e-10, what: $"||r|| of point {i}");
            Expect.Close(bestStep.Select(v => v * (1 + overshoot)).ToArray(), r[i], rtol: 1e-10, atol: 1e-12, what: $"r of point {i}");
            Assert.True(best < 0.2, $"the test wants points whose step stays inside the box, got distance {best}");
        }
        Assert.All(Expect.Values(result.Iterations), n => Assert.Equal(1.0, n));
    }

    [Fact]
    public void Where_the_box_clips_a_step_it_continues_inside_the_box_until_it_crosses()
    {
        // Logits (0, x1 + x2 - 1.5) at x = (0.99, 0.3): f = -0.21. Step 1: r1 = 0.105 (1, 1), so
        // x = clip(0.99 + 1.02 * 0.105, 0.3 + 1.02 * 0.105) = (1, 0.4071), f = -0.0929, not yet across.
        // Step 2: x1 sits at 1 and w1 > 0, so the step uses w = (0, 1): r2 = (0, 0.0929), and
        // x2 = 0.3 + 1.02 * (0.105 + 0.0929) = 0.501858 > 0.5: across, with x1 still 1.
        using var model = GeometryModel.Affine([0, 0, 1, 1], [0, -1.5]);
        var r = Run(model, [[0.99, 0.3]], new DeepFoolSettings(), out var result);
        var first = 0.21 / 2;
        var second = 1.5 - 1 - (0.3 + 1.02 * first);
        Expect.Close([1 - 0.99, 1.02 * (first + second)], r[0], rtol: 1e-10, atol: 1e-12);
        Assert.Equal(2.0, Expect.Values(result.Iterations)[0]);
        Assert.Equal(1.0, Expect.Values(result.Final)[0]);
    }

    [Fact]
    public void The_evaluation_reports_rho_adv_the_median_norm_and_the_success_rate()
    {
        // The binary affine model: ||r|| = 1.02 |f| / ||w||, ||x|| the point's norm.
        double[] w = [0.3, -0.2, 0.5, 0.1];
        const double b = -0.4;
        using var model = GeometryModel.Affine([0, 0, 0, 0, .. w], [0, b]);
        double[][] points = [[0.5, 0.5, 0.5, 0.5], [0.2, 0.7, 0.4, 0.6], [0.9, 0.1, 0.8, 0.5]];
        long[] labels = [0, 1, 1];   // the second is misclassified: it counts in rho, not in robust accuracy
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var result = new DeepFoolEvaluation(new DeepFoolOptions()).Evaluate(model.Context(splits, batchSize: 2));
        var norms = points.Select(p => 1.02 * Math.Abs(Dot(w, p) + b) / Math.Sqrt(Dot(w, w))).ToArray();
        Expect.Close(1.0, result.Metrics["success-rate"]);
        Expect.Close(points.Select((p, i) => norms[i] / Math.Sqrt(Dot(p, p))).Average(), result.Metrics["rho-adv"], rtol: 1e-10);
        Expect.Close(norms.Order().ElementAt(1), result.Metrics["median-norm"], rtol: 1e-10);
        Expect.Close(norms.Average(), result.Metrics["mean-norm"], rtol: 1e-10);
        Expect.Close(1.0, result.Metrics["mean-iterations"]);
        var curve = result.Curves["robust-accuracy"];
        // At eps = 0 the two correct examples are robust (2/3); beyond their norms, none.
        Expect.Close(2.0 / 3, curve.Y[0]);
        Expect.Close(0.0, curve.Y[^1]);
    }

    [Fact]
    public void The_examples_option_limits_the_attacked_examples()
    {
        double[] w = [0.3, -0.2, 0.5, 0.1];
        using var model = GeometryModel.Affine([0, 0, 0, 0, .. w], [0, -0.4]);
        double[][] points = [[0.5, 0.5, 0.5, 0.5], [0.2, 0.7, 0.4, 0.6], [0.9, 0.1, 0.8, 0.5]];
        using var splits = new DataSplits(GeometryModel.Split(points, [0, 1, 1]), GeometryModel.Split(points, [0, 1, 1]));
        var result = new DeepFoolEvaluation(new DeepFoolOptions { Examples = 1 }).Evaluate(model.Context(splits));
        var norm = 1.02 * Math.Abs(Dot(w, points[0]) - 0.4) / Math.Sqrt(Dot(w, w));
        Expect.Close(norm, result.Metrics["median-norm"], rtol: 1e-10);
    }

    [Fact]
    public void An_unknown_split_is_named_in_the_error()
    {
        using var model = GeometryModel.Affine([0, 0, 1, 1], [0, -1.5]);
        using var splits = new DataSplits(GeometryModel.Split([[0.2, 0.2]], [0]), GeometryModel.Split([[0.2, 0.2]], [0]));
        var error = Assert.Throws<ArgumentException>(() => new DeepFoolEvaluation(new DeepFoolOptions { Split = "ood" }).Evaluate(model.Context(splits)));
        Assert.Contains("deepfool: the data set has no split 'ood'", error.Message);
    }
}
