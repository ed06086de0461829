using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// The 2x2, stride-2 max-pool kernel behind <c>max_pool2d</c> (native/src/max_pool.h) against
/// libtorch's own max_pool2d_with_indices and against hand-worked windows: the same values (bit for
/// bit, NaN included), the same indices (a tie keeps the window's first element in row-major order,
/// the last NaN wins), the same gradients and second derivatives, for both the AVX-512 and the
/// portable loop, for widths that fill the 16 lanes exactly, leave a tail, or are odd.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)] // set_num_threads is process-wide
public sealed class MaxPoolKernelTests
{
    private static readonly F.MaxPool2x2Kernel[] Kernels = F.max_pool2x2_has_avx512
        ? [F.MaxPool2x2Kernel.Portable, F.MaxPool2x2Kernel.Avx512]
        : [F.MaxPool2x2Kernel.Portable];

    [Fact]
    public void Hand_worked_windows_keep_the_first_of_a_tie_and_the_last_NaN()
    {
        using var scope = torch.NewDisposeScope();
        var nan = float.NaN;
        // One 4x5 plane: the fifth column is dropped (floor), so the output is 2x2.
        //   window (0,0): 3 3 / 1 2      -> 3 at index 0 (tie with index 1: the first wins)
        //   window (0,1): 1 5 / 5 0      -> 5 at index 3 (tie with index 7: the first wins)
        //   window (1,0): nan 1 / nan 0  -> nan at index 15 (the later NaN replaces the earlier)
        //   window (1,1): -inf -inf / -inf -inf -> -inf at index 12 (nothing beats the start)
        float[] plane =
        [
            3, 3, 1, 5, 99,
            1, 2, 5, 0, 99,
            nan, 1, float.NegativeInfinity, float.NegativeInfinity, 99,
            nan, 0, float.NegativeInfinity, float.NegativeInfinity, 99,
        ];
        using var input = torch.tensor(plane, [1, 1, 4, 5]);
        foreach (var kernel in Kernels)
        {
            var (values, indices) = F.max_pool2x2_kernel(input, kernel);
            var v = values.ToArray<float>();
            Assert.Equal(3f, v[0]);
            Assert.Equal(5f, v[1]);
            Assert.True(float.IsNaN(v[2]), $"{kernel}: a window with a NaN pools to NaN");
            Assert.Equal(float.NegativeInfinity, v[3]);
            Assert.Equal([0L, 3L, 15L, 12L], indices.ToArray<long>());
        }
    }

    public static TheoryData<int, int, int, int> Shapes => new()
    {
        // n, c, h, w
        { 2, 3, 28, 28 },   // cnn-small's first pool: 14 outputs a row (a tail of 14 lanes)
        { 3, 4, 14, 14 },   // its second: 7 a row
        { 1, 1, 2, 2 },     // one window
        { 2, 2, 5, 33 },    // odd height and width: 16 outputs a row, the last row and column dropped
        { 1, 3, 6, 70 },    // 35 a row: two full vectors and a tail of 3
        { 2, 1, 9, 64 },    // 32 a row: two full vectors, no tail
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Values_and_indices_equal_libtorchs_with_ties_NaN_infinities_and_signed_zeros(int n, int c, int h, int w)
    {
        using var scope = torch.NewDisposeScope();
        var input = AwkwardValues(n, c, h, w, seed: (ulong)(n * 1000 + c * 100 + h + w));
        var (expectedValues, expectedIndices) = F.max_pool2d_with_indices(input, 2);
        foreach (var kernel in Kernels)
        {
            var (values, indices) = F.max_pool2x2_kernel(input, kernel);
            Assert.Equal(expectedValues.shape, values.shape);
            Assert.Equal(Bits(expectedValues), Bits(values));
            Assert.Equal(expectedIndices.ToArray<long>(), indices.ToArray<long>());
        }
    }

    [Fact]
    public void A_batch_split_across_two_threads_equals_libtorchs()
    {
        var threads = torch.get_num_threads();
        torch.set_num_threads(2);
        try
        {
            using var scope = torch.NewDisposeScope();
            // 64 x 32 planes of 14 x 14 outputs: far more than one thread's share (16k outputs).
            var input = AwkwardValues(64, 32, 28, 28, seed: 11);
            var (expectedValues, expectedIndices) = F.max_pool2d_with_indices(input, 2);
            foreach (var kernel in Kernels)
            {
                var (values, indices) = F.max_pool2x2_kernel(input, kernel);
                Assert.Equal(Bits(expectedValues), Bits(values));
                Assert.Equal(expectedIndices.ToArray<long>(), indices.ToArray<long>());
            }
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    [Fact]
    public void Max_pool2d_takes_the_kernel_only_where_it_fits()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 3, 8, 8], new Generator(5)).requires_grad_();
        Assert.Contains("MaxPool2x2", F.max_pool2d(x, 2).grad_fn_name);
        const string libtorch = "MaxPool2DWithIndicesBackward0";
        Assert.Equal(libtorch, F.max_pool2d(x, 2, stride: 1).grad_fn_name);
        Assert.Equal(libtorch, F.max_pool2d(x, 3).grad_fn_name);
        Assert.Equal(libtorch, F.max_pool2d(x, 2, padding: 1).grad_fn_name);
        Assert.Equal(libtorch, F.max_pool2d(x, 2, ceil_mode: true).grad_fn_name);
        Assert.Equal(libtorch, F.max_pool2d(x.transpose(2, 3), 2).grad_fn_name);
        Assert.Equal(libtorch, F.max_pool2d(x.to(ScalarType.Float64), 2).grad_fn_name);
        using (torch.no_grad())
            Assert.Null(F.max_pool2d(x, 2).grad_fn_name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Double_backward_equals_libtorchs(bool reluFirst)
    {
        // The input gradient of sum(w * pool(x)) is w scattered to the argmax positions (and masked
        // by relu's derivative); its derivative with respect to w, against a direction v, gathers v
        // from those positions.
        using var scope = torch.NewDisposeScope();
        var x = AwkwardValues(2, 3, 10, 12, seed: reluFirst ? 31UL : 21UL);
        var v = torch.randn([2, 3, 10, 12], new Generator(22));
        float[] SecondOrder(Func<Tensor, Tensor> pool)
        {
            var xi = x.detach().requires_grad_();
            var wi = torch.randn([2, 3, 5, 6], new Generator(23)).requires_grad_();
            var gx = torch.autograd.grad([(pool(xi) * wi).sum()], [xi], create_graph: true)[0]!;
            var gw = torch.autograd.grad([(gx * v).sum()], [wi])[0]!;
            return gw.ToArray<float>();
        }
        var own = reluFirst ? SecondOrder(t => F.relu_max_pool2d(t, 2)) : SecondOrder(t => F.max_pool2d(t, 2));
        var reference = reluFirst
            ? SecondOrder(t => F.max_pool2d_with_indices(t.relu(), 2).values)
            : SecondOrder(t => F.max_pool2d_with_indices(t, 2).values);
        Assert.Equal(reference, own);
        Assert.Contains(own, value => value != 0f);
    }

    [Fact]
    public void The_AVX512_kernel_is_refused_on_a_CPU_without_it_and_misfits_are_refused()
    {
        using var scope = torch.NewDisposeScope();
        if (!F.max_pool2x2_has_avx512)
            Assert.Throws<TorchException>(() => F.max_pool2x2_kernel(torch.zeros([1, 1, 2, 2]), F.MaxPool2x2Kernel.Avx512));
        var error = Assert.Throws<TorchException>(() => F.max_pool2x2_kernel(torch.zeros([1, 1, 2, 2], ScalarType.Float64), F.MaxPool2x2Kernel.Portable));
        Assert.Contains("contiguous float32", error.Message);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Pooling_relu_of_the_input_in_one_pass_equals_relu_then_libtorchs_pool(int n, int c, int h, int w)
    {
        using var scope = torch.NewDisposeScope();
        var input = AwkwardValues(n, c, h, w, seed: (ulong)(5 + n * c * h * w));
        var (expectedValues, expectedIndices) = F.max_pool2d_with_indices(input.relu(), 2);
        foreach (var kernel in Kernels)
        {
            var (values, indices) = F.max_pool2x2_kernel(input, kernel, relu_first: true);
            Assert.Equal(Bits(expectedValues), Bits(values));
            Assert.Equal(expectedIndices.ToArray<long>(), indices.ToArray<long>());
        }
    }

    [Fact]
    public void Relu_then_pool_in_one_pass_keeps_relus_signed_zeros_and_NaNs()
    {
        using var scope = torch.NewDisposeScope();
        // Hand-worked 2x4 plane, two windows:
        //   -0 -1 / -3 -2 -> relu: -0 +0 / +0 +0: all equal, the first (-0, index 0) wins
        //   -0 -5 / NaN 1 -> relu: -0 +0 / NaN 1: NaN at index 6 (1 does not beat a NaN)
        float[] plane = [-0f, -1, -0f, -5, -3, -2, float.NaN, 1];
        using var input = torch.tensor(plane, [1, 1, 2, 4]);
        foreach (var kernel in Kernels)
        {
            var (values, indices) = F.max_pool2x2_kernel(input, kernel, relu_first: true);
            var v = values.ToArray<float>();
            Assert.Equal(unchecked((int)0x80000000), BitConverter.SingleToInt32Bits(v[0]));
            Assert.True(float.IsNaN(v[1]));
            Assert.Equal([0L, 6L], indices.ToArray<long>());
        }
    }

    public static TheoryData<int, int, int, int, bool> ShapesBothWays()
    {
        var data = new TheoryData<int, int, int, int, bool>();
        foreach (var shape in Shapes)
            foreach (var reluFirst in new[] { false, true })
                data.Add((int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], reluFirst);
        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesBothWays))]
    public void Gradients_equal_libtorchs(int n, int c, int h, int w, bool reluFirst)
    {
        using var scope = torch.NewDisposeScope();
        var input = AwkwardValues(n, c, h, w, seed: (ulong)(9 + h * w));
        // Upstream gradients with signed zeros among them: libtorch's pool backward adds each to a
        // zero (0 + -0 = +0), and the one-pass backward of relu then pool must do the same.
        var upstream = torch.randn([n, c, h / 2, w / 2], new Generator(4));
        var signs = torch.randint(0, 4, [n, c, h / 2, w / 2], new Generator(6));
        upstream = torch.where(signs.eq(0), torch.full_like(upstream, -0.0), upstream);
        var own = reluFirst
            ? GradientThrough(input, upstream, x => F.relu_max_pool2d(x, 2))
            : GradientThrough(input, upstream, x => F.max_pool2d(x, 2));
        var reference = reluFirst
            ? GradientThrough(input, upstream, x => F.max_pool2d_with_indices(x.relu(), 2).values)
            : GradientThrough(input, upstream, x => F.max_pool2d_with_indices(x, 2).values);
        Assert.Equal(Bits(reference), Bits(own));
    }

    [Fact]
    public void Sequential_runs_a_ReLU_then_a_2x2_MaxPool2d_as_one_operation_with_the_same_result()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 3, 8, 8], new Generator(41)).requires_grad_();
        using var fused = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.MaxPool2d(2));
        using var unfusable = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.MaxPool2d(2, stride: 1));
        using var apart = torch.nn.Sequential(torch.nn.MaxPool2d(2), torch.nn.ReLU());
        var output = fused.forward(x);
        Assert.Contains("ReluMaxPool2x2", output.grad_fn_name);
        Assert.Equal(Bits(F.max_pool2d(x.relu(), 2)), Bits(output));
        Assert.Equal("MaxPool2DWithIndicesBackward0", unfusable.forward(x).grad_fn_name);
        Assert.Equal(Bits(F.max_pool2d(x.relu(), 2, stride: 1)), Bits(unfusable.forward(x)));
        Assert.Equal("ReluBackward0", apart.forward(x).grad_fn_name);
        Assert.Equal("MaxPool2DWithIndicesBackward0", F.relu_max_pool2d(x.to(ScalarType.Float64), 2).grad_fn_name);
    }

    [Fact]
    public void The_pools_keep_no_input_for_backward()
    {
        // libtorch's pool keeps its input for backward (and relu then pool keeps relu's output, as
        // large): changing it in place afterwards makes backward refuse. These nodes keep the
        // indices and, for relu then pool, the pooled values, so the input is free to go (or change).
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 3, 8, 8], new Generator(51)).requires_grad_();
        foreach (var pool in new Func<Tensor, Tensor>[] { t => F.max_pool2d(t, 2), t => F.relu_max_pool2d(t, 2) })
        {
            var input = x * 1;
            var output = pool(input);
            var expected = torch.autograd.grad([output.sum()], [x], retain_graph: true)[0]!;
            input.add_(1.0);
            var after = torch.autograd.grad([output.sum()], [x])[0]!;
            Assert.Equal(Bits(expected), Bits(after));
        }
        var kept = x * 1;
        var reference = F.max_pool2d_with_indices(kept, 2).values;
        kept.add_(1.0);
        Assert.Throws<TorchException>(() => torch.autograd.grad([reference.sum()], [x]));
    }

    private static Tensor GradientThrough(Tensor input, Tensor upstream, Func<Tensor, Tensor> pool)
    {
        var x = input.detach().requires_grad_();
        (pool(x) * upstream).sum().backward();
        return x.grad!;
    }

    /// <summary>
    /// Values drawn from {-2, -1, -0, 0, 1, 2} (so most windows hold ties, signed zeros among them),
    /// with some NaNs and infinities sprinkled in.
    /// </summary>
    private static Tensor AwkwardValues(int n, int c, int h, int w, ulong seed)
    {
        var generator = new Generator(seed);
        var count = n * c * h * w;
        var levels = torch.randint(0, 6, [count], generator).ToArray<long>();
        var special = torch.randint(0, 40, [count], generator).ToArray<long>();
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = levels[i] switch { 0 => -2f, 1 => -1f, 2 => -0f, 3 => 0f, 4 => 1f, _ => 2f };
            values[i] = special[i] switch
            {
                0 => float.NaN,
                1 => BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001)), // a NaN with its own payload and sign
                2 => float.PositiveInfinity,
                3 => float.NegativeInfinity,
                _ => values[i],
            };
        }
        return torch.tensor(values, [n, c, h, w]);
    }

    private static int[] Bits(Tensor t) => t.ToArray<float>().Select(BitConverter.SingleToInt32Bits).ToArray();
}
