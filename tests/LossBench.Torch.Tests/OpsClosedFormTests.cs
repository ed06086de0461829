using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// Tensor operations against values worked out by hand or by a closed form computed in C#:
/// factories, arithmetic, reductions, special functions, losses, indexing, shape operations,
/// convolution, pooling, sampling grids and data round trips.
/// </summary>
public sealed class OpsClosedFormTests
{
    private static Tensor D(params double[] values) => torch.tensor(values);
    private static Tensor D(long[] shape, params double[] values) => torch.tensor(values, shape);

    // ---- factories ------------------------------------------------------------------------

    [Fact]
    public void Sum_over_dimension_zero_sums_columns_in_the_tensor_dtype()
    {
        // [[1.5, 2], [3, 4.25]]: columns sum to (4.5, 6.25); x.sum(0) must mean dim 0 (not a dtype), and keep float64.
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1.5, 2, 3, 4.25 }, [2, 2], requires_grad: true);
        var columns = x.sum(0);
        Assert.Equal(ScalarType.Float64, columns.dtype);
        Assert.Equal(new[] { 4.5, 6.25 }, columns.ToArray<double>());
        Assert.Equal(10.75, x.sum([], dtype: ScalarType.Float64).item<double>());
        columns.sum().backward();
        Assert.Equal(new[] { 1.0, 1, 1, 1 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Zeros_ones_full_have_the_requested_shape_dtype_and_value()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.zeros([2, 3]);
        Assert.Equal(ScalarType.Float32, z.dtype);
        TorchAssert.Tensor([2, 3], new double[6], z);

        var o = torch.ones([4], ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, o.dtype);
        TorchAssert.Tensor([4], [1, 1, 1, 1], o);

        var f = torch.full([2, 2], 3.5);
        TorchAssert.Tensor([2, 2], [3.5, 3.5, 3.5, 3.5], f);

        var i = torch.full([3], 7L, ScalarType.Int64);
        Assert.Equal(new long[] { 7, 7, 7 }, i.ToArray<long>());

        var scalar = torch.tensor(2.5, ScalarType.Float64);
        Assert.Empty(scalar.shape);
        Assert.Equal(2.5, scalar.item<double>());
    }

    [Fact]
    public void Arange_counts_from_start_by_step_and_stops_before_end()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.ToArray<long>());

        var b = torch.arange(1.0, 2.0, 0.25, ScalarType.Float64);
        TorchAssert.Tensor([4], [1, 1.25, 1.5, 1.75], b);

        var c = torch.arange(10, 0, -3);
        Assert.Equal(new long[] { 10, 7, 4, 1 }, c.ToArray<long>());
    }

    [Fact]
    public void Arange_with_fractional_bounds_or_step_gives_floating_values_as_in_pytorch()
    {
        using var scope = torch.NewDisposeScope();
        // torch.arange(0.0, 1.0, 0.25) -> tensor([0.00, 0.25, 0.50, 0.75]); torch.arange(0, 5.5) -> [0., 1., ..., 5.]
        var quarters = torch.arange(0.0, 1.0, 0.25);
        Assert.True(quarters.dtype.IsFloatingPoint(), $"arange of doubles gave {quarters.dtype}");
        TorchAssert.Close([0, 0.25, 0.5, 0.75], quarters);
        TorchAssert.Close([0, 1, 2, 3, 4, 5], torch.arange(0, 5.5));
    }

    [Fact]
    public void Eye_and_linspace_match_their_definitions()
    {
        using var scope = torch.NewDisposeScope();
        TorchAssert.Tensor([3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1], torch.eye(3));
        TorchAssert.Tensor([5], [0, 0.25, 0.5, 0.75, 1], torch.linspace(0, 1, 5, ScalarType.Float64));
        TorchAssert.Tensor([3], [-2, 1, 4], torch.linspace(-2, 4, 3, ScalarType.Float64));
    }

    // ---- arithmetic -----------------------------------------------------------------------

    [Fact]
    public void Operators_with_a_scalar_on_either_side_follow_the_operand_order()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(1, 2, 4);
        TorchAssert.Close([1, 0, -2], 2 - x, what: "2 - x");
        TorchAssert.Close([-1, 0, 2], x - 2, what: "x - 2");
        TorchAssert.Close([3, 4, 6], 2 + x, what: "2 + x");
        TorchAssert.Close([3, 4, 6], x + 2, what: "x + 2");
        TorchAssert.Close([3, 6, 12], 3 * x, what: "3 * x");
        TorchAssert.Close([1.5, 3, 6], x * 1.5, what: "x * 1.5");
        TorchAssert.Close([8, 4, 2], 8 / x, what: "8 / x");
        TorchAssert.Close([0.25, 0.5, 1], x / 4, what: "x / 4");
        TorchAssert.Close([-1, -2, -4], -x, what: "-x");
        TorchAssert.Close([2, 4, 16], x.rpow(2), what: "2 ** x");
        TorchAssert.Close([1, 4, 16], x.pow(2), what: "x ** 2");
        TorchAssert.Close([5.0 / 3, 5.0 / 7], 5.0 / D(3, 7), rtol: 1e-15, what: "5 / [3, 7]");
    }

    [Fact]
    public void Tensor_operators_and_alpha_combine_elementwise_with_broadcasting()
    {
        using var scope = torch.NewDisposeScope();
        var a = D([2, 2], 1, 2, 3, 4);
        var b = D(10, 20);
        TorchAssert.Tensor([2, 2], [11, 22, 13, 24], a + b);
        TorchAssert.Tensor([2, 2], [-9, -18, -7, -16], a - b);
        TorchAssert.Tensor([2, 2], [10, 40, 30, 80], a * b);
        TorchAssert.Tensor([2, 2], [0.1, 0.1, 0.3, 0.2], a / b, rtol: 1e-15);
        TorchAssert.Tensor([2, 2], [31, 62, 33, 64], a.add(b, 3), what: "a + 3 b");
        TorchAssert.Tensor([2, 2], [-19, -38, -17, -36], a.sub(b, 2), what: "a - 2 b");
        TorchAssert.Tensor([2, 2], [1, 4, 9, 16], a * a);
    }

    [Fact]
    public void Matrix_products_match_the_hand_computed_sums()
    {
        using var scope = torch.NewDisposeScope();
        var a = D([2, 3], 1, 2, 3, 4, 5, 6);
        var b = D([3, 2], 1, 0, 0, 1, 1, 1);
        // [1 2 3; 4 5 6] @ [1 0; 0 1; 1 1] = [4 5; 10 11]
        TorchAssert.Tensor([2, 2], [4, 5, 10, 11], a.mm(b));
        TorchAssert.Tensor([2, 2], [4, 5, 10, 11], a.matmul(b));
        TorchAssert.Tensor([2, 2], [4, 5, 10, 11], torch.einsum("ij,jk->ik", a, b));
        TorchAssert.Tensor([2, 2], [9, 10, 15, 16], D([2, 2], 1, 1, 1, 1).addmm(a, b, beta: 5, alpha: 1), what: "5 + a @ b");
        TorchAssert.Tensor([2, 2], [9, 11, 21, 23], D([2, 2], 1, 1, 1, 1).addmm(a, b, alpha: 2), what: "1 + 2 a @ b");
        TorchAssert.Tensor([2, 2, 2], [4, 5, 10, 11, 8, 10, 20, 22], torch.stack([a, a * 2]).bmm(torch.stack([b, b])));
        Assert.Equal(32.0, D(1, 2, 3).dot(D(4, 5, 6)).item<double>());
        TorchAssert.Tensor([2, 3], [4, 5, 6, 8, 10, 12], D(1, 2).outer(D(4, 5, 6)));
        TorchAssert.Tensor([3], [3, 4, 5], D(1, 2, 3).lerp(D(5, 6, 7), 0.5));
    }

    [Fact]
    public void Activations_match_their_formulas()
    {
        using var scope = torch.NewDisposeScope();
        double[] v = [-3, -0.5, 0, 0.7, 2.5];
        var x = D(v);
        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        TorchAssert.Close(v.Select(z => Math.Max(z, 0)).ToArray(), F.relu(x), what: "relu");
        TorchAssert.Close(v.Select(Sigmoid).ToArray(), F.sigmoid(x), rtol: 1e-15, what: "sigmoid");
        TorchAssert.Close(v.Select(Math.Tanh).ToArray(), F.tanh(x), rtol: 1e-15, what: "tanh");
        TorchAssert.Close(v.Select(z => z * Sigmoid(z)).ToArray(), F.silu(x), rtol: 1e-14, atol: 1e-16, what: "silu");
        TorchAssert.Close(v.Select(z => z > 0 ? z : 0.1 * z).ToArray(), F.leaky_relu(x, 0.1), rtol: 1e-15, what: "leaky_relu");
        TorchAssert.Close(v.Select(z => z > 0 ? z : 1.5 * (Math.Exp(z) - 1)).ToArray(), F.elu(x, 1.5), rtol: 1e-14, atol: 1e-16, what: "elu");
        TorchAssert.Close(v.Select(z => Math.Log(Sigmoid(z))).ToArray(), F.logsigmoid(x), rtol: 1e-14, what: "logsigmoid");
        TorchAssert.Close(v.Select(z => z * Math.Tanh(Math.Log(1 + Math.Exp(z)))).ToArray(), F.mish(x), rtol: 1e-14, atol: 1e-16, what: "mish");
        TorchAssert.Close([0, 3, 6], F.relu6(D(-1, 3, 7)), what: "relu6");
    }

    [Fact]
    public void Remainder_takes_the_sign_of_the_divisor_and_fmod_of_the_dividend()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(5, -1, -7, 7);
        // Python's %: 5 % 3 = 2, -1 % 3 = 2, -7 % 3 = 2, 7 % 3 = 1; C's fmod keeps the dividend's sign.
        TorchAssert.Close([2, 2, 2, 1], x % 3, what: "x % 3");
        TorchAssert.Close([2, -1, -1, 1], x.fmod(3), what: "fmod(x, 3)");
    }

    [Fact]
    public void Integer_tensors_stay_integral_with_integer_scalars_and_true_division_gives_floats()
    {
        using var scope = torch.NewDisposeScope();
        var i = torch.tensor(new long[] { 5, 7 });
        var plus = i + 1;
        Assert.Equal(ScalarType.Int64, plus.dtype);
        Assert.Equal(new long[] { 6, 8 }, plus.ToArray<long>());
        var rsub = 10 - i;
        Assert.Equal(ScalarType.Int64, rsub.dtype);
        Assert.Equal(new long[] { 5, 3 }, rsub.ToArray<long>());
        var quotient = 7 / torch.tensor(new long[] { 2, 4 });
        Assert.True(quotient.dtype.IsFloatingPoint(), $"7 / int tensor gave {quotient.dtype}");
        TorchAssert.Close([3.5, 1.75], quotient);
    }

    [Fact]
    public void In_place_operations_change_the_tensor_itself()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(1, 2, 3);
        var same = x.add_(1).mul_(2);
        Assert.Same(x, same);
        TorchAssert.Close([4, 6, 8], x);
        x.add_(D(1, 1, 1), 0.5);
        TorchAssert.Close([4.5, 6.5, 8.5], x);
        x.clamp_(5, 8);
        TorchAssert.Close([5, 6.5, 8], x);
        x.zero_();
        TorchAssert.Close([0, 0, 0], x);
    }

    [Fact]
    public void Comparisons_give_boolean_masks()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(1, 2, 3, 4);
        var gt = x.gt(2);
        Assert.Equal(ScalarType.Bool, gt.dtype);
        Assert.Equal(new[] { false, false, true, true }, gt.ToArray<bool>());
        Assert.Equal(new[] { true, false, true, false }, x.remainder(2).eq(1).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, (x.ge(2) & x.le(3)).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, true }, (!(x.ge(2) & x.le(3))).ToArray<bool>());
    }

    // ---- reductions -----------------------------------------------------------------------

    [Fact]
    public void Sum_and_mean_over_all_elements_and_over_a_dimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 1, 2, 3, 4, 5, 6);
        Assert.Equal(21.0, x.sum().item<double>());
        Assert.Equal(3.5, x.mean().item<double>());
        TorchAssert.Tensor([3], [5, 7, 9], x.sum(dim: 0));
        TorchAssert.Tensor([2, 1], [6, 15], x.sum(dim: 1, keepdim: true));
        TorchAssert.Tensor([2], [2, 5], x.mean(dim: 1));
        TorchAssert.Tensor([], [21], x.sum([0L, 1L]));
        Assert.Equal(720.0, x.prod().item<double>());
        TorchAssert.Tensor([2], [6, 120], x.prod(1));
        TorchAssert.Tensor([2, 3], [1, 3, 6, 4, 9, 15], x.cumsum(1));
        Assert.Equal(5.0, D(3, 4).norm().item<double>(), 12);
    }

    [Fact]
    public void Var_and_std_are_unbiased_by_default_and_biased_on_request()
    {
        using var scope = torch.NewDisposeScope();
        // mean 5, squared deviations 9 1 1 1 0 0 4 16: sum 32 over 8 values.
        var x = D(2, 4, 4, 4, 5, 5, 7, 9);
        TorchAssert.Close(32.0 / 7, x.var().item<double>(), what: "unbiased var");
        TorchAssert.Close(4.0, x.var(unbiased: false).item<double>(), what: "biased var");
        TorchAssert.Close(Math.Sqrt(32.0 / 7), x.std().item<double>(), what: "unbiased std");
        TorchAssert.Close(2.0, x.std(unbiased: false).item<double>(), what: "biased std");

        var rows = D([2, 3], 1, 2, 3, 10, 20, 60);
        // Row means 2 and 30; squared deviations 1 0 1 and 400 100 900.
        TorchAssert.Tensor([2], [1, 700], rows.var([1L]));
        TorchAssert.Tensor([2, 1], [2.0 / 3, 1400.0 / 3], rows.var([1L], unbiased: false, keepdim: true));
    }

    [Fact]
    public void Max_and_min_along_a_dimension_give_values_and_their_positions()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 3, 9, 1, 7, 2, 8);
        var (values, indexes) = x.max(1);
        TorchAssert.Tensor([2], [9, 8], values);
        Assert.Equal(new long[] { 1, 2 }, indexes.ToArray<long>());

        var (colValues, colIndexes) = x.max(0, keepdim: true);
        TorchAssert.Tensor([1, 3], [7, 9, 8], colValues);
        Assert.Equal(new long[] { 1, 0, 1 }, colIndexes.ToArray<long>());

        var (minValues, minIndexes) = x.min(1);
        TorchAssert.Tensor([2], [1, 2], minValues);
        Assert.Equal(new long[] { 2, 1 }, minIndexes.ToArray<long>());

        Assert.Equal(9.0, x.max().item<double>());
        Assert.Equal(1.0, x.min().item<double>());
        Assert.Equal(1L, x.argmax().item<long>());
        Assert.Equal(2L, x.argmin().item<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, x.argmax(0).ToArray<long>());
        TorchAssert.Tensor([2], [9, 8], x.amax([1L]));
    }

    [Fact]
    public void Logsumexp_equals_log_of_sum_of_exp_and_stays_finite_for_large_values()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 0.5, -1.0, 2.0, 1000, 1000, 999);
        var row0 = Math.Log(Math.Exp(0.5) + Math.Exp(-1.0) + Math.Exp(2.0));
        // exp(1000) overflows a double; factor it out: 1000 + log(1 + 1 + e^-1).
        var row1 = 1000 + Math.Log(2 + Math.Exp(-1));
        TorchAssert.Tensor([2], [row0, row1], x.logsumexp(1), rtol: 1e-14);
        TorchAssert.Tensor([2, 1], [row0, row1], torch.logsumexp(x, 1, keepdim: true), rtol: 1e-14);
    }

    [Fact]
    public void Softmax_and_log_softmax_match_the_hand_formula()
    {
        using var scope = torch.NewDisposeScope();
        var logits = new double[,] { { 0.2, -1.3, 2.5, 0.0 }, { -0.7, 0.1, 0.1, 3.2 } };
        var expectedLog = ReferenceMath.LogSoftmaxRows(logits);
        var x = D([2, 4], ReferenceMath.Flat(logits));
        var logSoftmax = F.log_softmax(x, 1);
        TorchAssert.Tensor([2, 4], ReferenceMath.Flat(expectedLog), logSoftmax, rtol: 1e-14, atol: 1e-15);
        var expected = ReferenceMath.Flat(expectedLog).Select(Math.Exp).ToArray();
        TorchAssert.Tensor([2, 4], expected, F.softmax(x, 1), rtol: 1e-14, atol: 1e-15);
        // Along dim 0 each column sums to one instead.
        TorchAssert.Close([1, 1, 1, 1], F.softmax(x, 0).sum(dim: 0), rtol: 1e-15);
    }

    // ---- special functions ----------------------------------------------------------------

    private static readonly double[] BesselPoints = [-3.5, -1, -0.2, 0, 0.5, 1, 2.5, 5, 10];

    [Fact]
    public void Reference_series_reproduce_tabulated_bessel_values()
    {
        // Abramowitz & Stegun table 9.8: I0(1) = 1.266065878, I1(1) = 0.565159104.
        TorchAssert.Close(1.2660658777520082, ReferenceMath.BesselI0(1), rtol: 1e-15);
        TorchAssert.Close(0.5651591039924851, ReferenceMath.BesselI1(1), rtol: 1e-15);
    }

    [Fact]
    public void Special_i0_and_i0e_match_the_power_series()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(BesselPoints);
        var i0 = BesselPoints.Select(ReferenceMath.BesselI0).ToArray();
        TorchAssert.Close(i0, torch.special.i0(x), rtol: 1e-13, what: "i0");
        TorchAssert.Close(i0, x.i0(), rtol: 1e-13, what: "Tensor.i0");
        var i0e = BesselPoints.Select(v => Math.Exp(-Math.Abs(v)) * ReferenceMath.BesselI0(v)).ToArray();
        TorchAssert.Close(i0e, torch.special.i0e(x), rtol: 1e-13, what: "i0e");
    }

    [Fact]
    public void Special_i1_and_i1e_match_the_power_series()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(BesselPoints);
        var i1 = BesselPoints.Select(ReferenceMath.BesselI1).ToArray();
        TorchAssert.Close(i1, torch.special.i1(x), rtol: 1e-13, atol: 1e-300, what: "i1");
        var i1e = BesselPoints.Select(v => Math.Exp(-Math.Abs(v)) * ReferenceMath.BesselI1(v)).ToArray();
        TorchAssert.Close(i1e, torch.special.i1e(x), rtol: 1e-13, atol: 1e-300, what: "i1e");
    }

    [Fact]
    public void Erf_and_erfc_match_known_values()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(0, 0.5, 1, -1, 2);
        TorchAssert.Close([0, 0.5204998778130465, 0.8427007929497149, -0.8427007929497149, 0.9953222650189527],
            torch.special.erf(x), rtol: 1e-14, atol: 1e-16, what: "erf");
        TorchAssert.Close([1, 0.4795001221869535, 0.15729920705028513, 1.8427007929497148, 0.004677734981047266],
            torch.special.erfc(x), rtol: 1e-13, atol: 1e-16, what: "erfc");

        double[] points = [-2.7, -1.3, -0.05, 0.3, 0.9, 1.7, 2.4];
        TorchAssert.Close(points.Select(ReferenceMath.Erf).ToArray(), torch.erf(D(points)), rtol: 1e-12, what: "erf vs series");
    }

    // ---- layers as functions ----------------------------------------------------------------

    [Fact]
    public void Linear_is_x_times_w_transposed_plus_b()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 1, 2, 3, 4, 5, 6);
        var w = D([2, 3], 1, 0, -1, 0.5, 0.5, 0.5);
        // Row 1: [1-3, 0.5+1+1.5] = [-2, 3]; row 2: [4-6, 2+2.5+3] = [-2, 7.5]; plus b = [10, 20].
        TorchAssert.Tensor([2, 2], [8, 23, 8, 27.5], F.linear(x, w, D(10, 20)));
        TorchAssert.Tensor([2, 2], [-2, 3, -2, 7.5], F.linear(x, w));
    }

    [Fact]
    public void Batch_norm_normalises_with_batch_statistics_in_training_and_running_ones_in_evaluation()
    {
        using var scope = torch.NewDisposeScope();
        const double eps = 1e-5, momentum = 0.1;
        // Two channels over a batch of four: channel 0 = 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14/3);
        // channel 1 = -1, -1, 1, 1 (mean 0, biased var 1, unbiased 4/3).
        double[] c0 = [1, 2, 3, 6], c1 = [-1, -1, 1, 1];
        var x = D([4, 2], 1, -1, 2, -1, 3, 1, 6, 1);
        double[] w = [2, 0.5], b = [0.1, -0.2];
        var runningMean = D(0, 0);
        var runningVar = D(1, 1);
        var y = F.batch_norm(x, runningMean, runningVar, D(w), D(b), training: true, momentum: momentum, eps: eps);
        var expected = new double[8];
        for (var i = 0; i < 4; i++)
        {
            expected[2 * i] = (c0[i] - 3) / Math.Sqrt(3.5 + eps) * w[0] + b[0];
            expected[2 * i + 1] = (c1[i] - 0) / Math.Sqrt(1 + eps) * w[1] + b[1];
        }
        TorchAssert.Tensor([4, 2], expected, y, rtol: 1e-13, atol: 1e-15);
        // Running statistics move by momentum towards the batch mean and the unbiased batch variance.
        TorchAssert.Close([0.1 * 3, 0], runningMean, rtol: 1e-15, what: "running mean");
        TorchAssert.Close([0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 4 / 3.0], runningVar, rtol: 1e-15, what: "running var");

        var evaluated = F.batch_norm(x, runningMean, runningVar, D(w), D(b), training: false, eps: eps);
        double[] rm = [0.3, 0], rv = [0.9 + 1.4 / 3, 0.9 + 0.4 / 3];
        var expectedEval = new double[8];
        for (var i = 0; i < 4; i++)
        {
            expectedEval[2 * i] = (c0[i] - rm[0]) / Math.Sqrt(rv[0] + eps) * w[0] + b[0];
            expectedEval[2 * i + 1] = (c1[i] - rm[1]) / Math.Sqrt(rv[1] + eps) * w[1] + b[1];
        }
        TorchAssert.Tensor([4, 2], expectedEval, evaluated, rtol: 1e-13, atol: 1e-15);
    }

    [Fact]
    public void Layer_norm_normalises_each_row_over_the_last_dimension()
    {
        using var scope = torch.NewDisposeScope();
        const double eps = 1e-5;
        // Row 0 = 1, 2, 3, 6: mean 3, biased var 3.5. Row 1 = 2, 2, 2, 10: mean 4, biased var 12.
        var x = D([2, 4], 1, 2, 3, 6, 2, 2, 2, 10);
        double[] w = [1, 2, 3, 4], b = [0, 0.5, 0, -0.5];
        double[][] rows = [[1, 2, 3, 6], [2, 2, 2, 10]];
        double[] mean = [3, 4], variance = [3.5, 12];
        var expected = new double[8];
        for (var r = 0; r < 2; r++)
            for (var c = 0; c < 4; c++)
                expected[r * 4 + c] = (rows[r][c] - mean[r]) / Math.Sqrt(variance[r] + eps) * w[c] + b[c];
        TorchAssert.Tensor([2, 4], expected, F.layer_norm(x, [4], D(w), D(b), eps), rtol: 1e-13, atol: 1e-15);
    }

    [Fact]
    public void Softplus_is_log_one_plus_exp_scaled_by_beta_and_linear_past_the_threshold()
    {
        using var scope = torch.NewDisposeScope();
        double[] x = [-3, -0.5, 0, 0.8, 4, 30];
        // softplus(x) = log(1 + exp(beta x)) / beta, and x itself once beta x exceeds the threshold (20).
        TorchAssert.Close(x.Select(v => v > 20 ? v : Math.Log(1 + Math.Exp(v))).ToArray(), F.softplus(D(x)), rtol: 1e-14, what: "beta 1");
        TorchAssert.Close(x.Select(v => 2 * v > 20 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2).ToArray(), F.softplus(D(x), beta: 2), rtol: 1e-14, what: "beta 2");
    }

    // ---- losses ---------------------------------------------------------------------------

    [Fact]
    public void Mse_l1_binary_cross_entropy_and_kl_div_match_their_formulas()
    {
        using var scope = torch.NewDisposeScope();
        double[] a = [0.5, -1, 2, 0], b = [1, 1, 1, 1];
        TorchAssert.Close((0.25 + 4 + 1 + 1) / 4, F.mse_loss(D(a), D(b)).item<double>(), rtol: 1e-15, what: "mse");
        TorchAssert.Close((0.5 + 2 + 1 + 1) / 4, F.l1_loss(D(a), D(b)).item<double>(), rtol: 1e-15, what: "l1");
        TorchAssert.Close(6.25, F.mse_loss(D(a), D(b), Reduction.Sum).item<double>(), rtol: 1e-15, what: "mse sum");

        double[] p = [0.9, 0.2, 0.5, 0.01], y = [1, 0, 1, 0.3];
        var bce = p.Select((v, i) => -(y[i] * Math.Log(v) + (1 - y[i]) * Math.Log(1 - v))).ToArray();
        TorchAssert.Close(bce, F.binary_cross_entropy(D(p), D(y), reduction: Reduction.None), rtol: 1e-14, what: "bce");

        // kl_div takes log q as input and p as target: sum p (log p - log q).
        double[] q = [0.25, 0.25, 0.5], target = [0.5, 0.3, 0.2];
        var kl = target.Select((t, i) => t * (Math.Log(t) - Math.Log(q[i]))).Sum();
        var logQ = D(q).log();
        TorchAssert.Close(kl, F.kl_div(logQ, D(target), Reduction.Sum).item<double>(), rtol: 1e-14, what: "kl_div");
        TorchAssert.Close(kl, F.kl_div(logQ, D(target).log(), Reduction.Sum, log_target: true).item<double>(), rtol: 1e-14, what: "kl_div log target");
    }

    private static readonly double[,] Logits = { { 1.0, -0.5, 0.3, 2.0 }, { -1.2, 0.4, 0.0, 0.9 }, { 0.7, 0.7, -2.0, 0.1 } };
    private static readonly long[] Labels = [0, 3, 1];

    [Fact]
    public void Cross_entropy_with_class_indices_is_the_negative_log_softmax_of_the_label()
    {
        using var scope = torch.NewDisposeScope();
        var logp = ReferenceMath.LogSoftmaxRows(Logits);
        var perSample = Labels.Select((t, i) => -logp[i, t]).ToArray();
        var input = D([3, 4], ReferenceMath.Flat(Logits));
        var target = torch.tensor(Labels);

        TorchAssert.Close(perSample, F.cross_entropy(input, target, reduction: Reduction.None), rtol: 1e-14, what: "none");
        TorchAssert.Close(perSample.Average(), F.cross_entropy(input, target).item<double>(), rtol: 1e-14, what: "mean");
        TorchAssert.Close(perSample.Sum(), F.cross_entropy(input, target, reduction: Reduction.Sum).item<double>(), rtol: 1e-14, what: "sum");
    }

    [Fact]
    public void Cross_entropy_with_class_weights_is_a_weighted_mean_and_ignore_index_drops_samples()
    {
        using var scope = torch.NewDisposeScope();
        var logp = ReferenceMath.LogSoftmaxRows(Logits);
        double[] w = [0.5, 2.0, 1.0, 3.0];
        // Weighted mean: sum_i w[t_i] * l_i / sum_i w[t_i].
        var numerator = Labels.Select((t, i) => -w[t] * logp[i, t]).Sum();
        var denominator = Labels.Select(t => w[t]).Sum();
        var input = D([3, 4], ReferenceMath.Flat(Logits));
        var loss = F.cross_entropy(input, torch.tensor(Labels), weight: D(w));
        TorchAssert.Close(numerator / denominator, loss.item<double>(), rtol: 1e-14, what: "weighted mean");

        // The middle sample carries the ignored label: the mean is over the other two.
        var ignored = F.cross_entropy(input, torch.tensor(new long[] { 0, -100, 1 }));
        TorchAssert.Close((-logp[0, 0] - logp[2, 1]) / 2, ignored.item<double>(), rtol: 1e-14, what: "ignore_index");
    }

    [Fact]
    public void Cross_entropy_with_label_smoothing_mixes_the_label_loss_with_the_mean_over_classes()
    {
        using var scope = torch.NewDisposeScope();
        const double eps = 0.2;
        var logp = ReferenceMath.LogSoftmaxRows(Logits);
        var expected = Labels.Select((t, i) =>
        {
            var meanOverClasses = Enumerable.Range(0, 4).Average(c => -logp[i, c]);
            return (1 - eps) * -logp[i, t] + eps * meanOverClasses;
        }).Average();
        var input = D([3, 4], ReferenceMath.Flat(Logits));
        var loss = F.cross_entropy(input, torch.tensor(Labels), label_smoothing: eps);
        TorchAssert.Close(expected, loss.item<double>(), rtol: 1e-14);
    }

    [Fact]
    public void Cross_entropy_with_probability_targets_is_minus_sum_q_log_p()
    {
        using var scope = torch.NewDisposeScope();
        var logp = ReferenceMath.LogSoftmaxRows(Logits);
        var q = new double[,] { { 0.7, 0.1, 0.1, 0.1 }, { 0.0, 0.25, 0.25, 0.5 }, { 0.5, 0.5, 0.0, 0.0 } };
        var perSample = Enumerable.Range(0, 3).Select(i => -Enumerable.Range(0, 4).Sum(c => q[i, c] * logp[i, c])).ToArray();
        var input = D([3, 4], ReferenceMath.Flat(Logits));
        var target = D([3, 4], ReferenceMath.Flat(q));
        TorchAssert.Close(perSample.Average(), F.cross_entropy(input, target).item<double>(), rtol: 1e-14, what: "mean");
        TorchAssert.Close(perSample, F.cross_entropy(input, target, reduction: Reduction.None), rtol: 1e-14, what: "none");

        // Smoothing applies to probability targets as q' = (1 - eps) q + eps / C.
        const double eps = 0.1;
        var smoothed = Enumerable.Range(0, 3)
            .Select(i => -Enumerable.Range(0, 4).Sum(c => ((1 - eps) * q[i, c] + eps / 4) * logp[i, c])).Average();
        TorchAssert.Close(smoothed, F.cross_entropy(input, target, label_smoothing: eps).item<double>(), rtol: 1e-14, what: "smoothed");
    }

    [Fact]
    public void Nll_loss_averages_minus_the_input_at_the_label()
    {
        using var scope = torch.NewDisposeScope();
        var input = D([3, 3], -0.5, -1.2, -2.0, -0.1, -3.0, -0.9, -1.5, -0.4, -0.8);
        var target = torch.tensor(new long[] { 2, 0, 1 });
        TorchAssert.Close((2.0 + 0.1 + 0.4) / 3, F.nll_loss(input, target).item<double>(), rtol: 1e-15);
        TorchAssert.Close([2.0, 0.1, 0.4], F.nll_loss(input, target, reduction: Reduction.None));
    }

    [Fact]
    public void Binary_cross_entropy_with_logits_matches_the_log_sigmoid_formula()
    {
        using var scope = torch.NewDisposeScope();
        double[] x = [-2.5, -0.3, 0, 0.7, 3.1];
        double[] y = [0, 1, 0.5, 1, 0];
        // log sigmoid(x) = -log(1 + e^-x), log(1 - sigmoid(x)) = -log(1 + e^x).
        static double LogSig(double v) => -Math.Log(1 + Math.Exp(-v));
        static double LogOneMinusSig(double v) => -Math.Log(1 + Math.Exp(v));
        var plain = x.Select((v, i) => -(y[i] * LogSig(v) + (1 - y[i]) * LogOneMinusSig(v))).ToArray();
        var input = D(x);
        var target = D(y);
        TorchAssert.Close(plain, F.binary_cross_entropy_with_logits(input, target, reduction: Reduction.None), rtol: 1e-14, what: "none");
        TorchAssert.Close(plain.Average(), F.binary_cross_entropy_with_logits(input, target).item<double>(), rtol: 1e-14, what: "mean");

        const double p = 2.0;
        var weighted = x.Select((v, i) => -(p * y[i] * LogSig(v) + (1 - y[i]) * LogOneMinusSig(v))).Average();
        var loss = F.binary_cross_entropy_with_logits(input, target, pos_weight: D(p));
        TorchAssert.Close(weighted, loss.item<double>(), rtol: 1e-14, what: "pos_weight");
    }

    [Fact]
    public void One_hot_puts_a_one_at_each_label()
    {
        using var scope = torch.NewDisposeScope();
        var h = F.one_hot(torch.tensor(new long[] { 2, 0, 3 }), 4);
        Assert.Equal(new long[] { 3, 4 }, h.shape);
        Assert.Equal(new long[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1 }, h.ToArray<long>());
        // Without a class count, the largest label decides it.
        Assert.Equal(new long[] { 2, 2 }, F.one_hot(torch.tensor(new long[] { 1, 0 })).shape);
    }

    [Fact]
    public void Constant_pad_adds_left_right_top_bottom()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 2], 1, 2, 3, 4);
        var padded = F.pad(x, [1, 1, 0, 1], value: 9);
        TorchAssert.Tensor([3, 4], [9, 1, 2, 9, 9, 3, 4, 9, 9, 9, 9, 9], padded);
        TorchAssert.Tensor([2, 3], [0, 1, 2, 0, 3, 4], F.pad(x, [1, 0]));
    }

    // ---- indexing -------------------------------------------------------------------------

    [Fact]
    public void Gather_index_select_scatter_and_scatter_add()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 1, 2, 3, 4, 5, 6);
        TorchAssert.Tensor([2, 2], [3, 1, 5, 5], x.gather(1, torch.tensor(new long[] { 2, 0, 1, 1 }, [2, 2])));
        TorchAssert.Tensor([3, 3], [4, 5, 6, 1, 2, 3, 4, 5, 6], x.index_select(0, torch.tensor(new long[] { 1, 0, 1 })));
        TorchAssert.Tensor([2, 2], [3, 1, 6, 4], x.index_select(1, torch.tensor(new long[] { 2, 0 })));

        var index = torch.tensor(new long[] { 0, 2 }, [2, 1]);
        var scattered = torch.zeros([2, 3], ScalarType.Float64).scatter(1, index, D([2, 1], 7, 8));
        TorchAssert.Tensor([2, 3], [7, 0, 0, 0, 0, 8], scattered);
        TorchAssert.Tensor([2, 3], [-1, 2, 3, 4, 5, -1], x.scatter(1, index, -1.0));

        var bins = torch.zeros([3], ScalarType.Float64).scatter_add(0, torch.tensor(new long[] { 0, 2, 0, 0 }), D(1, 2, 3, 4));
        TorchAssert.Tensor([3], [8, 0, 2], bins);
    }

    [Fact]
    public void Masks_select_and_fill_elements()
    {
        using var scope = torch.NewDisposeScope();
        var x = D([2, 3], 1, 2, 3, 4, 5, 6);
        var mask = x.gt(3);
        TorchAssert.Tensor([3], [4, 5, 6], x[mask]);
        TorchAssert.Tensor([3], [4, 5, 6], x.masked_select(mask));
        TorchAssert.Tensor([2, 3], [1, 2, 3, -1, -1, -1], x.masked_fill(mask, -1));
        TorchAssert.Tensor([2, 3], [1, 2, 3, 4, 5, 6], x, what: "masked_fill leaves its input alone");
        var evens = x.remainder(2).eq(0);
        x.masked_fill_(evens, 0);
        TorchAssert.Tensor([2, 3], [1, 0, 3, 0, 5, 0], x);
    }

    [Fact]
    public void Integers_ranges_and_stepped_slices_select_like_python()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(12).reshape(3, 4);
        // t[:, 1:-1]
        var inner = t[.., 1..^1];
        Assert.Equal(new long[] { 3, 2 }, inner.shape);
        Assert.Equal(new long[] { 1, 2, 5, 6, 9, 10 }, inner.ToArray<long>());
        // t[0::2]
        var even = t[TensorIndex.Slice(0, null, 2)];
        Assert.Equal(new long[] { 0, 1, 2, 3, 8, 9, 10, 11 }, even.ToArray<long>());
        // t[:, ::3]
        Assert.Equal(new long[] { 0, 3, 4, 7, 8, 11 }, t[.., TensorIndex.Slice(step: 3)].ToArray<long>());
        // t[1], t[-1], t[1, 2]
        Assert.Equal(new long[] { 4, 5, 6, 7 }, t[1].ToArray<long>());
        Assert.Equal(new long[] { 8, 9, 10, 11 }, t[-1].ToArray<long>());
        Assert.Equal(6L, t[1, 2].item<long>());
        // t[..., 0], t[None], t[:-1], t[-2:]
        Assert.Equal(new long[] { 0, 4, 8 }, t[TensorIndex.Ellipsis, 0].ToArray<long>());
        Assert.Equal(new long[] { 1, 3, 4 }, t[TensorIndex.None].shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7 }, t[..^1].ToArray<long>());
        Assert.Equal(new long[] { 4, 5, 6, 7, 8, 9, 10, 11 }, t[^2..].ToArray<long>());
        // A long index tensor picks rows in its own order.
        Assert.Equal(new long[] { 8, 9, 10, 11, 0, 1, 2, 3 }, t[torch.tensor(new long[] { 2, 0 })].ToArray<long>());
    }

    [Fact]
    public void A_range_starting_at_the_end_selects_nothing()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(5);
        // In C# (arr[^0..]) and in Python (t[5:]) a slice that starts at the end is empty.
        Assert.Equal(Array.Empty<long>(), new long[] { 0, 1, 2, 3, 4 }[^0..]);
        Assert.Equal(Array.Empty<long>(), t[^0..].ToArray<long>());
    }

    [Fact]
    public void Index_assignment_writes_through_to_the_tensor()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([3, 3], ScalarType.Float64);
        t[0] = D(1, 2, 3);
        t[.., 2] = D(7);
        t.index_put_(5.0, 1, 1);
        t[t.eq(0)] = D(-1);
        TorchAssert.Tensor([3, 3], [1, 2, 7, -1, 5, 7, -1, -1, 7], t);
    }

    // ---- joining, splitting and shapes ----------------------------------------------------

    [Fact]
    public void Cat_and_stack_join_along_existing_and_new_dimensions()
    {
        using var scope = torch.NewDisposeScope();
        var a = D([2, 2], 1, 2, 3, 4);
        var b = D([1, 2], 5, 6);
        TorchAssert.Tensor([3, 2], [1, 2, 3, 4, 5, 6], torch.cat([a, b]));
        TorchAssert.Tensor([2, 3], [1, 2, 5, 3, 4, 6], torch.cat([a, D([2, 1], 5, 6)], 1));
        var u = D(1, 2);
        var v = D(3, 4);
        TorchAssert.Tensor([2, 2], [1, 2, 3, 4], torch.stack([u, v]));
        TorchAssert.Tensor([2, 2], [1, 3, 2, 4], torch.stack([u, v], 1));
    }

    [Fact]
    public void Chunk_and_split_cut_into_pieces_with_a_short_last_one()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(7);
        var chunks = x.chunk(3);
        Assert.Equal(new long[][] { [0, 1, 2], [3, 4, 5], [6] }, chunks.Select(c => c.ToArray<long>()).ToArray());
        var pieces = x.split(3);
        Assert.Equal(new long[][] { [0, 1, 2], [3, 4, 5], [6] }, pieces.Select(c => c.ToArray<long>()).ToArray());
        // chunk(4) of six elements makes pieces of ceil(6 / 4) = 2, hence only three of them.
        Assert.Equal(3, torch.arange(6).chunk(4).Length);
        var columns = torch.arange(6).reshape(2, 3).split(2, 1);
        Assert.Equal(new long[][] { [0, 1, 3, 4], [2, 5] }, columns.Select(c => c.ToArray<long>()).ToArray());
    }

    [Fact]
    public void Reshape_transpose_permute_and_flip_move_elements_as_defined()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(6).reshape(2, 3);
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, x.transpose(0, 1).ToArray<long>());
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, x.t().ToArray<long>());
        Assert.Equal(new long[] { 2, 1, 0, 5, 4, 3 }, x.flip(1).ToArray<long>());
        Assert.Equal(new long[] { 5, 4, 3, 2, 1, 0 }, x.flip(0, 1).ToArray<long>());
        Assert.Equal(new long[] { 3, 2 }, x.reshape(3, -1).shape);
        Assert.Equal(new long[] { 1, 2, 1, 3 }, x.unsqueeze(0).unsqueeze(2).shape);
        Assert.Equal(new long[] { 2, 3 }, x.unsqueeze(0).unsqueeze(2).squeeze().shape);

        // permute(2, 0, 1) of y[i, j, k] = 12 i + 4 j + k gives p[k, i, j] = y[i, j, k].
        var p = torch.arange(24).reshape(2, 3, 4).permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        var expected = new List<long>();
        for (var k = 0; k < 4; k++)
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 3; j++)
                    expected.Add(12 * i + 4 * j + k);
        Assert.Equal(expected, p.ToArray<long>());
        Assert.Equal(expected, p.contiguous().view(24).ToArray<long>());
    }

    [Fact]
    public void Where_and_clamp_choose_elementwise()
    {
        using var scope = torch.NewDisposeScope();
        var condition = torch.tensor(new[] { true, false, true });
        TorchAssert.Close([1, 20, 3], torch.where(condition, D(1, 2, 3), D(10, 20, 30)));

        var x = D(-2, -0.5, 0.5, 2);
        TorchAssert.Close([-1, -0.5, 0.5, 1], x.clamp(-1, 1), what: "clamp(-1, 1)");
        TorchAssert.Close([0, 0, 0.5, 2], x.clamp(min: 0), what: "clamp(min: 0)");
        TorchAssert.Close([-2, -0.5, 0, 0], x.clamp(max: 0), what: "clamp(max: 0)");
        TorchAssert.Close([-1, -0.5, 0.5, 1.5], x.clamp(D(-1, -1, -1, -1), D(1.5, 1.5, 1.5, 1.5)), what: "clamp(tensors)");
        TorchAssert.Close([-1, -0.5, 0.5, 2], torch.clamp_min(x, -1), what: "clamp_min");
    }

    // ---- convolution, pooling and sampling --------------------------------------------------

    [Fact]
    public void Conv2d_of_a_3x3_image_with_a_2x2_kernel_is_the_hand_computed_cross_correlation()
    {
        using var scope = torch.NewDisposeScope();
        var input = D([1, 1, 3, 3], 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var weight = D([1, 1, 2, 2], 1, 2, 3, 4);
        // [1 2; 4 5]·[1 2; 3 4] = 1+4+12+20 = 37, then 47, 67, 77; plus the bias 0.5.
        TorchAssert.Tensor([1, 1, 2, 2], [37.5, 47.5, 67.5, 77.5], F.conv2d(input, weight, D(0.5)));
        TorchAssert.Tensor([1, 1, 2, 2], [37, 47, 67, 77], F.conv2d(input, weight));
    }

    [Fact]
    public void Conv2d_with_channels_stride_and_padding_matches_a_direct_loop()
    {
        using var scope = torch.NewDisposeScope();
        const int cin = 2, cout = 3, h = 5, w = 4, k = 3, stride = 2, pad = 1;
        var x = ReferenceMath.Uniform(1, cin * h * w);
        var wt = ReferenceMath.Uniform(2, cout * cin * k * k);
        var b = ReferenceMath.Uniform(3, cout);
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        var expected = new double[cout * oh * ow];
        for (var o = 0; o < cout; o++)
            for (var i = 0; i < oh; i++)
                for (var j = 0; j < ow; j++)
                {
                    var s = b[o];
                    for (var c = 0; c < cin; c++)
                        for (var u = 0; u < k; u++)
                            for (var v = 0; v < k; v++)
                            {
                                int r = i * stride - pad + u, q = j * stride - pad + v;
                                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                s += x[(c * h + r) * w + q] * wt[((o * cin + c) * k + u) * k + v];
                            }
                    expected[(o * oh + i) * ow + j] = s;
                }
        var y = F.conv2d(D([1, cin, h, w], x), D([cout, cin, k, k], wt), D(b), stride: stride, padding: pad);
        TorchAssert.Tensor([1, cout, oh, ow], expected, y, rtol: 1e-13, atol: 1e-14);
    }

    [Fact]
    public void Max_and_average_pooling_of_a_4x4_ramp()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0.0, 16.0, 1.0, ScalarType.Float64).reshape(1, 1, 4, 4);
        TorchAssert.Tensor([1, 1, 2, 2], [5, 7, 13, 15], F.max_pool2d(x, 2));
        TorchAssert.Tensor([1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5], F.avg_pool2d(x, 2));
        // 3x3 windows moved by one: the maximum is each window's bottom-right corner.
        TorchAssert.Tensor([1, 1, 2, 2], [10, 11, 14, 15], F.max_pool2d(x, 3, stride: 1));
        // The mean of a 3x3 window of a ramp is its centre: 5, 6, 9, 10.
        TorchAssert.Tensor([1, 1, 2, 2], [5, 6, 9, 10], F.avg_pool2d(x, 3, stride: 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Affine_grid_of_the_identity_and_grid_sample_reproduce_the_input(bool alignCorners)
    {
        using var scope = torch.NewDisposeScope();
        const int h = 4, w = 5;
        var pixels = ReferenceMath.Uniform(7, 2 * h * w);
        var image = D([1, 2, h, w], pixels);
        var identity = D([1, 2, 3], 1, 0, 0, 0, 1, 0);
        var grid = F.affine_grid(identity, [1, 2, h, w], alignCorners);
        Assert.Equal(new long[] { 1, h, w, 2 }, grid.shape);
        var sampled = F.grid_sample(image, grid, align_corners: alignCorners);
        TorchAssert.Tensor([1, 2, h, w], pixels, sampled, rtol: 0, atol: 1e-12);

        // Negating x mirrors the image left to right.
        var mirror = D([1, 2, 3], -1, 0, 0, 0, 1, 0);
        var flipped = F.grid_sample(image, F.affine_grid(mirror, [1, 2, h, w], alignCorners), align_corners: alignCorners);
        var mirrored = new double[pixels.Length];
        for (var c = 0; c < 2; c++)
            for (var i = 0; i < h; i++)
                for (var j = 0; j < w; j++)
                    mirrored[(c * h + i) * w + j] = pixels[(c * h + i) * w + (w - 1 - j)];
        TorchAssert.Tensor([1, 2, h, w], mirrored, flipped, rtol: 0, atol: 1e-12);
    }

    [Fact]
    public void Affine_grid_places_sample_points_at_pixel_centres_or_corners()
    {
        using var scope = torch.NewDisposeScope();
        var identity = D([1, 2, 3], 1, 0, 0, 0, 1, 0);
        // Width 2: corners are -1 and 1 with align_corners, pixel centres -1/2 and 1/2 without.
        var corners = F.affine_grid(identity, [1, 1, 1, 3], align_corners: true);
        TorchAssert.Close([-1, 0, 0, 0, 1, 0], corners, atol: 1e-15);
        var centres = F.affine_grid(identity, [1, 1, 1, 2], align_corners: false);
        TorchAssert.Close([-0.5, 0, 0.5, 0], centres, atol: 1e-15);
    }

    // ---- sorting ----------------------------------------------------------------------------

    [Fact]
    public void Sort_topk_and_argsort_order_values_and_report_positions()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(3, 1, 2, 5, 4);
        var (ascending, order) = x.sort();
        TorchAssert.Close([1, 2, 3, 4, 5], ascending);
        Assert.Equal(new long[] { 1, 2, 0, 4, 3 }, order.ToArray<long>());
        var (descending, descOrder) = x.sort(descending: true);
        TorchAssert.Close([5, 4, 3, 2, 1], descending);
        Assert.Equal(new long[] { 3, 4, 0, 2, 1 }, descOrder.ToArray<long>());

        var (top, topIndex) = x.topk(2);
        TorchAssert.Close([5, 4], top);
        Assert.Equal(new long[] { 3, 4 }, topIndex.ToArray<long>());
        var (bottom, bottomIndex) = x.topk(2, largest: false);
        TorchAssert.Close([1, 2], bottom);
        Assert.Equal(new long[] { 1, 2 }, bottomIndex.ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 0, 4, 3 }, x.argsort().ToArray<long>());
    }

    // ---- data round trips -------------------------------------------------------------------

    [Fact]
    public void ToArray_and_item_return_exactly_what_was_stored()
    {
        using var scope = torch.NewDisposeScope();
        float[] floats = [1.5f, -2.25f, float.MaxValue, float.Epsilon];
        var f = torch.tensor(floats);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(floats, f.ToArray<float>());
        Assert.Equal(-2.25f, f[1].item<float>());

        double[] doubles = [Math.PI, -1e-300, 1e300, 0.1];
        var d = torch.tensor(doubles);
        Assert.Equal(doubles, d.ToArray<double>());
        Assert.Equal(Math.PI, d[0].item<double>());

        long[] longs = [long.MaxValue, long.MinValue, 0, (1L << 62) + 1];
        var l = torch.tensor(longs);
        Assert.Equal(longs, l.ToArray<long>());
        Assert.Equal((1L << 62) + 1, l[3].item<long>());

        bool[] bools = [true, false, true];
        var b = torch.tensor(bools);
        Assert.Equal(ScalarType.Bool, b.dtype);
        Assert.Equal(bools, b.ToArray<bool>());
        Assert.False(b[1].item<bool>());
        Assert.True(b[2].item<bool>());

        byte[] bytes = [0, 200, 255];
        var u = torch.tensor(bytes);
        Assert.Equal(ScalarType.Byte, u.dtype);
        Assert.Equal(bytes, u.ToArray<byte>());
        Assert.Equal((byte)200, u[1].item<byte>());

        var shaped = torch.tensor(new[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        Assert.Equal(new long[] { 3, 2 }, shaped.shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, shaped.ToArray<int>());
    }

    [Fact]
    public void Conversions_between_dtypes_round_and_truncate_as_libtorch_does()
    {
        using var scope = torch.NewDisposeScope();
        var x = D(1.75, -1.75, 0.0);
        Assert.Equal(new long[] { 1, -1, 0 }, x.@long().ToArray<long>());
        Assert.Equal(new[] { true, true, false }, x.@bool().ToArray<bool>());
        Assert.Equal(new[] { 1.75f, -1.75f, 0f }, x.@float().ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => x.ToArray<float>());
    }
}
