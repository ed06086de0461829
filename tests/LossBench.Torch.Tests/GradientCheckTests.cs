using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// Analytic gradients (autograd) against central finite differences in float64, and against
/// closed-form derivatives where one exists.
/// </summary>
public sealed class GradientCheckTests
{
    private const double Step = 1e-6;
    private const double Rtol = 1e-5;
    private const double Atol = 1e-7;

    /// <summary>One differentiable input: its shape and values.</summary>
    private sealed record Input(long[] Shape, double[] Values)
    {
        public static Input Random(int seed, double scale, params long[] shape)
        {
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            return new Input(shape, ReferenceMath.Uniform(seed, count, scale));
        }
    }

    /// <summary>
    /// Checks every element of the gradient of sum(f(inputs) * w), for a fixed random w, with
    /// respect to every input: the analytic one (from backward() or torch.autograd.grad) against
    /// the central difference (s(x + h e) - s(x - h e)) / 2h.
    /// </summary>
    private static void GradCheck(Func<Tensor[], Tensor> f, Input[] inputs, bool viaBackward = false)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = inputs.Select(i => torch.tensor(i.Values, i.Shape, requires_grad: true)).ToArray();
        var output = f(leaves);
        Assert.Equal(ScalarType.Float64, output.dtype);
        var w = torch.tensor(ReferenceMath.Uniform(12345, (int)output.numel(), 1.0), output.shape);
        var s = (output * w).sum();

        double[][] analytic;
        if (viaBackward)
        {
            s.backward();
            analytic = leaves.Select(l => TorchAssert.Values(l.grad ?? throw new InvalidOperationException("no gradient was accumulated"))).ToArray();
        }
        else
        {
            var grads = torch.autograd.grad([s], leaves);
            analytic = grads.Select(g => TorchAssert.Values(g ?? throw new InvalidOperationException("no gradient was returned"))).ToArray();
        }

        double Evaluate(int which, int element, double delta)
        {
            using var inner = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var args = new Tensor[inputs.Length];
            for (var k = 0; k < inputs.Length; k++)
            {
                var values = (double[])inputs[k].Values.Clone();
                if (k == which) values[element] += delta;
                args[k] = torch.tensor(values, inputs[k].Shape);
            }
            return (f(args) * w).sum().item<double>();
        }

        for (var k = 0; k < inputs.Length; k++)
        {
            var numeric = new double[inputs[k].Values.Length];
            for (var e = 0; e < numeric.Length; e++)
                numeric[e] = (Evaluate(k, e, Step) - Evaluate(k, e, -Step)) / (2 * Step);
            Assert.Contains(numeric, v => Math.Abs(v) > 1e-3); // a vanishing gradient would check nothing
            TorchAssert.Close(numeric, analytic[k], Rtol, Atol, $"d/d input {k}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    public void Conv2d_gradients_with_respect_to_input_weight_and_bias(long stride, long padding)
    {
        GradCheck(
            a => F.conv2d(a[0], a[1], a[2], stride: stride, padding: padding),
            [Input.Random(1, 1, 2, 2, 5, 5), Input.Random(2, 0.5, 3, 2, 3, 3), Input.Random(3, 0.5, 3)],
            viaBackward: true);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void Adaptive_average_pool_gradients_with_respect_to_the_input(long outH, long outW)
    {
        // 5x4 input: 5 -> 2 and 5 -> 3 rows give overlapping windows, where an input gets gradient from two outputs.
        GradCheck(a => F.adaptive_avg_pool2d(a[0], (outH, outW)), [Input.Random(40, 1, 1, 2, 5, 4)]);
    }

    [Fact]
    public void Linear_gradients_with_respect_to_input_weight_and_bias()
    {
        GradCheck(a => F.linear(a[0], a[1], a[2]),
            [Input.Random(4, 1, 3, 4), Input.Random(5, 1, 2, 4), Input.Random(6, 1, 2)],
            viaBackward: true);
    }

    [Fact]
    public void Batch_norm_in_training_mode_gradients_with_respect_to_input_weight_and_bias()
    {
        GradCheck(a => F.batch_norm(a[0], null, null, a[1], a[2], training: true),
            [Input.Random(7, 2, 5, 3), Input.Random(8, 1, 3), Input.Random(9, 1, 3)]);
        GradCheck(a => F.batch_norm(a[0], null, null, a[1], a[2], training: true),
            [Input.Random(10, 2, 2, 3, 2, 2), Input.Random(11, 1, 3), Input.Random(12, 1, 3)]);
    }

    [Fact]
    public void Log_softmax_gradient()
    {
        GradCheck(a => F.log_softmax(a[0], 1), [Input.Random(13, 3, 3, 5)]);
    }

    [Fact]
    public void Cross_entropy_with_probability_targets_gradient_with_respect_to_the_logits()
    {
        double[] q = [0.1, 0.2, 0.3, 0.4, 0.0, 0.5, 0.25, 0.25, 0.0, 0.0, 0.2, 0.2, 0.2, 0.2, 0.2];
        using var scope = torch.NewDisposeScope();
        var target = torch.tensor(q, [3, 5]);
        GradCheck(a => F.cross_entropy(a[0], target), [Input.Random(14, 2, 3, 5)]);

        // Closed form: d/dx mean_i(-sum_c q_ic log softmax(x)_ic) = (softmax(x) - q) / N.
        var logitsValues = Input.Random(14, 2, 3, 5).Values;
        var logits = torch.tensor(logitsValues, [3, 5], requires_grad: true);
        var grad = torch.autograd.grad([F.cross_entropy(logits, target)], [logits])[0]!;
        var logp = ReferenceMath.LogSoftmaxRows(To2D(logitsValues, 3, 5));
        var expected = ReferenceMath.Flat(logp).Select((v, i) => (Math.Exp(v) - q[i]) / 3).ToArray();
        TorchAssert.Close(expected, grad, rtol: 1e-12, atol: 1e-15);
    }

    [Fact]
    public void Bessel_i0_and_i1_gradients()
    {
        GradCheck(a => torch.special.i0(a[0]), [Input.Random(15, 4, 7)]);
        GradCheck(a => torch.special.i1(a[0]), [Input.Random(16, 4, 7)]);
        GradCheck(a => torch.special.i0e(a[0]), [Input.Random(17, 4, 7)]);
        GradCheck(a => torch.special.i1e(a[0]), [Input.Random(18, 4, 7)]);
    }

    [Fact]
    public void Derivative_of_i0_is_i1_and_of_i1_is_i0_minus_i1_over_x()
    {
        using var scope = torch.NewDisposeScope();
        double[] points = [-4.2, -1.5, -0.3, 0.25, 1, 2.7, 6];
        var x = torch.tensor(points, requires_grad: true);

        var dI0 = torch.autograd.grad([torch.special.i0(x).sum()], [x])[0]!;
        TorchAssert.Close(points.Select(ReferenceMath.BesselI1).ToArray(), dI0, rtol: 1e-12, what: "I0'");

        // I1'(x) = I0(x) - I1(x) / x (A&S 9.6.27 with nu = 1).
        var dI1 = torch.autograd.grad([torch.special.i1(x).sum()], [x])[0]!;
        var expected = points.Select(v => ReferenceMath.BesselI0(v) - ReferenceMath.BesselI1(v) / v).ToArray();
        TorchAssert.Close(expected, dI1, rtol: 1e-12, what: "I1'");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Softplus_gradient_is_the_logistic_sigmoid(double beta)
    {
        GradCheck(a => F.softplus(a[0], beta), [Input.Random(19, 4, 9)]);

        using var scope = torch.NewDisposeScope();
        var values = Input.Random(19, 4, 9).Values;
        var x = torch.tensor(values, requires_grad: true);
        var grad = torch.autograd.grad([F.softplus(x, beta).sum()], [x])[0]!;
        TorchAssert.Close(values.Select(v => 1 / (1 + Math.Exp(-beta * v))).ToArray(), grad, rtol: 1e-13);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gelu_gradient(bool tanhApproximation)
    {
        GradCheck(a => F.gelu(a[0], tanhApproximation), [Input.Random(20, 3, 9)]);
    }

    [Fact]
    public void Exact_gelu_derivative_is_phi_plus_x_times_density()
    {
        using var scope = torch.NewDisposeScope();
        var values = Input.Random(21, 3, 9).Values;
        var x = torch.tensor(values, requires_grad: true);
        // gelu(x) = x Phi(x), so gelu'(x) = Phi(x) + x phi(x).
        var expectedValue = values.Select(v => v * ReferenceMath.NormalCdf(v)).ToArray();
        TorchAssert.Close(expectedValue, F.gelu(x), rtol: 1e-13, atol: 1e-15, what: "gelu");
        var grad = torch.autograd.grad([F.gelu(x).sum()], [x])[0]!;
        var expected = values.Select(v => ReferenceMath.NormalCdf(v) + v * ReferenceMath.NormalPdf(v)).ToArray();
        TorchAssert.Close(expected, grad, rtol: 1e-13, atol: 1e-15, what: "gelu'");
    }

    [Fact]
    public void Backward_with_an_output_gradient_gives_the_vector_jacobian_product()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, -2, 3 }, requires_grad: true);
        // y = x^2 elementwise: J = diag(2x), so v^T J = 2 x v.
        (x * x).backward(torch.tensor(new double[] { 0.5, 1, -1 }));
        TorchAssert.Close([1, -4, -6], x.grad!);
        // A second backward accumulates into the same gradient: d/dx sum(3x) = 3.
        (x * 3).sum().backward();
        TorchAssert.Close([4, -1, -3], x.grad!);
    }

    [Fact]
    public void No_grad_stops_recording_and_restores_the_previous_mode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (torch.enable_grad())
                Assert.True((x * 2).requires_grad);
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        var y = x * 2;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        Assert.True(x.is_leaf);
        Assert.False(y.detach().requires_grad);
    }

    private static double[,] To2D(double[] values, int rows, int columns)
    {
        var result = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                result[i, j] = values[i * columns + j];
        return result;
    }
}
