using LossBench.Torch.Optimizers;

namespace LossBench.Torch.Tests;

/// <summary>
/// The one-pass SGD kernel for float32 CPU parameters against libtorch's own op-by-op
/// torch::optim::SGD (<c>fused: false</c>): the same weights to the bit after several steps, for
/// every option combination, for sizes that leave a remainder after the 8-lane loop, and for a
/// parameter list large enough to be split across threads mid-tensor.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class FusedSgdTests
{
    public static TheoryData<double, double, double, bool> Settings => new()
    {
        // momentum, dampening, weight decay, Nesterov
        { 0, 0, 0, false },
        { 0, 0, 5e-4, false },
        { 0.9, 0, 0, false },
        { 0.9, 0, 5e-4, false },
        { 0.9, 0, 1e-2, true },
        { 0.5, 0.3, 1e-3, false },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Fused_update_is_bit_identical_to_libtorchs_sgd(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        long[][] shapes = [[1], [7], [10], [257], [3, 1001], [64, 33]];
        var fused = Train(shapes, momentum, dampening, weightDecay, nesterov, fused: true);
        var reference = Train(shapes, momentum, dampening, weightDecay, nesterov, fused: false);
        for (var i = 0; i < shapes.Length; i++) Assert.Equal(reference[i], fused[i]);
    }

    [Fact]
    public void Parameters_split_across_threads_are_each_updated_once()
    {
        // 2^19 elements a thread: 700,000 + 500,001 elements split inside the first tensor and
        // again inside the second; an element updated twice or skipped would show.
        var threads = torch.get_num_threads();
        torch.set_num_threads(2);
        try
        {
            long[][] shapes = [[700_000], [500_001], [3]];
            var fused = Train(shapes, 0.9, 0, 5e-4, true, fused: true);
            var reference = Train(shapes, 0.9, 0, 5e-4, true, fused: false);
            for (var i = 0; i < shapes.Length; i++) Assert.Equal(reference[i], fused[i]);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    [Fact]
    public void A_float32_update_follows_the_written_rule()
    {
        // Exactly representable numbers, so float32 arithmetic is exact and the hand values hold
        // to the bit: lr 0.5, momentum 0.5, no decay.
        using var p = torch.tensor(new float[] { 1f, -2f, 4f }, requires_grad: true);
        using var opt = new SGD([p], lr: 0.5, momentum: 0.5);
        p.grad = torch.tensor(new float[] { 2f, 1f, -4f });
        opt.step(); // buf = g = [2, 1, -4]; p = p - 0.5 buf = [0, -2.5, 6]
        Assert.Equal([0f, -2.5f, 6f], p.ToArray<float>());
        p.grad = torch.tensor(new float[] { 2f, 1f, 0f });
        opt.step(); // buf = 0.5 buf + g = [3, 1.5, -2]; p = [-1.5, -3.25, 7]
        Assert.Equal([-1.5f, -3.25f, 7f], p.ToArray<float>());
    }

    [Fact]
    public void A_list_mixing_float64_and_float32_takes_libtorchs_step_for_all()
    {
        using var a = torch.tensor(new float[] { 1f, 2f }, requires_grad: true);
        using var b = torch.tensor(new double[] { 1.0 }, requires_grad: true);
        using var opt = new SGD([a, b], lr: 0.25, momentum: 0.5);
        a.grad = torch.tensor(new float[] { 4f, -4f });
        b.grad = torch.tensor(new double[] { 2.0 });
        opt.step();
        opt.step(); // buf = 0.5 g + g = 1.5 g; p = p - 0.25 (g + 1.5 g) = p - 0.625 g
        Assert.Equal([1f - 0.625f * 4f, 2f + 0.625f * 4f], a.ToArray<float>());
        Assert.Equal([1.0 - 0.625 * 2.0], b.ToArray<double>());
    }

    /// <summary>Five steps from seeded weights with seeded gradients; the weights' bytes after.</summary>
    private static byte[][] Train(long[][] shapes, double momentum, double dampening, double weightDecay, bool nesterov, bool fused)
    {
        using var generator = new Generator(7);
        using var scope = torch.NewDisposeScope();
        var parameters = shapes.Select(s => torch.randn(s, generator).requires_grad_()).ToArray();
        using var opt = new SGD(parameters, lr: 0.05, momentum, dampening, weightDecay, nesterov, fused);
        for (var step = 0; step < 5; step++)
        {
            foreach (var p in parameters) p.grad = torch.randn(p.shape, generator);
            opt.step();
        }
        return parameters.Select(p => p.ToBytes()).ToArray();
    }
}
