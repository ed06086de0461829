using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// Hessian-vector products by double backward (torch.autograd.grad with create_graph, then the
/// gradient of g·v), against closed-form Hessians and central differences of gradients.
/// </summary>
public sealed class HessianVectorProductTests
{
    private static readonly double[] X = [0.3, -1.2, 2.1, 0.75, -0.4];
    private static readonly double[] V = [1.0, -0.5, 0.25, 2.0, -1.5];

    /// <summary>f(x) = sum(x^3) + sum(sin x).</summary>
    private static Tensor Cubic(Tensor x) => x.pow(3).sum() + x.sin().sum();

    /// <summary>Hv by double backward, for f of several parameter tensors.</summary>
    private static double[][] HessianVectorProduct(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes, double[][] v)
    {
        using var scope = torch.NewDisposeScope();
        var parameters = values.Select((p, k) => torch.tensor(p, shapes[k], requires_grad: true)).ToArray();
        var grads = torch.autograd.grad([f(parameters)], parameters, create_graph: true);
        Tensor? gv = null;
        for (var k = 0; k < parameters.Length; k++)
        {
            Assert.True(grads[k]!.requires_grad, "with create_graph the gradient must itself be differentiable");
            var term = (grads[k]! * torch.tensor(v[k], shapes[k])).sum();
            gv = gv is null ? term : gv + term;
        }
        var hv = torch.autograd.grad([gv!], parameters);
        return hv.Select(h => TorchAssert.Values(h!)).ToArray();
    }

    /// <summary>The gradient at given parameter values (first order only).</summary>
    private static double[][] Gradient(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes)
    {
        using var scope = torch.NewDisposeScope();
        var parameters = values.Select((p, k) => torch.tensor(p, shapes[k], requires_grad: true)).ToArray();
        return torch.autograd.grad([f(parameters)], parameters).Select(g => TorchAssert.Values(g!)).ToArray();
    }

    /// <summary>(g(x + h v) - g(x - h v)) / 2h.</summary>
    private static double[][] FiniteDifferenceHvp(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes, double[][] v, double h)
    {
        double[][] Shift(double sign) => values.Select((p, k) => p.Select((x, i) => x + sign * h * v[k][i]).ToArray()).ToArray();
        var plus = Gradient(f, Shift(+1), shapes);
        var minus = Gradient(f, Shift(-1), shapes);
        return plus.Select((g, k) => g.Select((x, i) => (x - minus[k][i]) / (2 * h)).ToArray()).ToArray();
    }

    [Fact]
    public void Elementwise_function_has_the_diagonal_closed_form_hessian()
    {
        // d2/dx2 (x^3 + sin x) = 6x - sin x, and the Hessian is diagonal.
        var expected = X.Select((x, i) => (6 * x - Math.Sin(x)) * V[i]).ToArray();
        var hv = HessianVectorProduct(p => Cubic(p[0]), [X], [[5]], [V]);
        TorchAssert.Close(expected, hv[0], rtol: 1e-13, atol: 1e-14);
    }

    [Fact]
    public void Elementwise_function_hvp_matches_differences_of_gradients()
    {
        // The gradient itself has the closed form 3x^2 + cos x.
        var g = Gradient(p => Cubic(p[0]), [X], [[5]]);
        TorchAssert.Close(X.Select(x => 3 * x * x + Math.Cos(x)).ToArray(), g[0], rtol: 1e-14, atol: 1e-15, what: "gradient");

        var hv = HessianVectorProduct(p => Cubic(p[0]), [X], [[5]], [V]);
        var fd = FiniteDifferenceHvp(p => Cubic(p[0]), [X], [[5]], [V], 1e-5);
        TorchAssert.Close(fd[0], hv[0], rtol: 1e-6, atol: 1e-8);
    }

    [Fact]
    public void Quadratic_form_hvp_is_the_matrix_times_the_vector()
    {
        // f(x) = 1/2 x^T A x with A symmetric has Hessian A everywhere.
        const int n = 5;
        var m = ReferenceMath.Uniform(31, n * n);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                a[i * n + j] = m[i * n + j] + m[j * n + i];
        var expected = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                expected[i] += a[i * n + j] * V[j];

        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(a, [n, n]);
        var hv = HessianVectorProduct(p => p[0].dot(matrix.matmul(p[0])) * 0.5, [X], [[n]], [V]);
        TorchAssert.Close(expected, hv[0], rtol: 1e-13, atol: 1e-14);
    }

    // A two-layer tanh network with a cross-entropy loss, differentiated with respect to its weights.
    private static readonly long[][] MlpShapes = [[4, 3], [4], [2, 4]];
    private static readonly double[][] MlpWeights = [ReferenceMath.Uniform(41, 12), ReferenceMath.Uniform(42, 4), ReferenceMath.Uniform(43, 8)];

    private static Tensor MlpLoss(Tensor[] p)
    {
        var inputs = torch.tensor(ReferenceMath.Uniform(44, 15, 2), [5, 3]);
        var labels = torch.tensor(new long[] { 0, 1, 1, 0, 1 });
        var hidden = F.linear(inputs, p[0], p[1]).tanh();
        return F.cross_entropy(F.linear(hidden, p[2]), labels);
    }

    [Fact]
    public void Mlp_loss_hvp_with_respect_to_weights_matches_differences_of_gradients()
    {
        double[][] v = [ReferenceMath.Uniform(51, 12), ReferenceMath.Uniform(52, 4), ReferenceMath.Uniform(53, 8)];
        var hv = HessianVectorProduct(MlpLoss, MlpWeights, MlpShapes, v);
        var fd = FiniteDifferenceHvp(MlpLoss, MlpWeights, MlpShapes, v, 1e-5);
        for (var k = 0; k < hv.Length; k++)
            TorchAssert.Close(fd[k], hv[k], rtol: 1e-6, atol: 1e-8, what: $"Hv for parameter {k}");
        Assert.Contains(hv.SelectMany(x => x), x => Math.Abs(x) > 1e-3);
    }

    [Fact]
    public void Mlp_loss_hessian_is_symmetric()
    {
        // u^T H v = v^T H u for any u, v, because second derivatives commute.
        double[][] u = [ReferenceMath.Uniform(61, 12), ReferenceMath.Uniform(62, 4), ReferenceMath.Uniform(63, 8)];
        double[][] v = [ReferenceMath.Uniform(71, 12), ReferenceMath.Uniform(72, 4), ReferenceMath.Uniform(73, 8)];
        var hv = HessianVectorProduct(MlpLoss, MlpWeights, MlpShapes, v);
        var hu = HessianVectorProduct(MlpLoss, MlpWeights, MlpShapes, u);
        double Dot(double[][] a, double[][] b) => a.Zip(b).Sum(p => p.First.Zip(p.Second).Sum(q => q.First * q.Second));
        var uHv = Dot(u, hv);
        TorchAssert.Close(uHv, Dot(v, hu), rtol: 1e-12, atol: 1e-14);
        Assert.True(Math.Abs(uHv) > 1e-4, $"u^T H v = {uHv} is too small to show anything");
    }
}
