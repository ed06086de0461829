using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// Adaptive pooling against PyTorch's window rule: output cell i of In -> Out covers the input rows
/// [floor(i In / Out), ceil((i + 1) In / Out)). The expected values come from hand-worked cases and
/// from loops over that rule written here, not from libtorch.
/// </summary>
public sealed class AdaptivePoolTests
{
    /// <summary>x[r, c] = 5 r + c on a 1x1x5x5 input: the mean of a window is 5 mean(r) + mean(c).</summary>
    private static Tensor Ramp5x5() => torch.tensor(Enumerable.Range(0, 25).Select(v => (double)v).ToArray(), [1, 1, 5, 5]);

    [Fact]
    public void Average_of_a_5x5_ramp_to_2x2_uses_overlapping_windows_of_three()
    {
        using var scope = torch.NewDisposeScope();
        // 5 -> 2: windows [0, 3) and [2, 5); mean row/column 1 and 3.
        // [5*1 + 1, 5*1 + 3; 5*3 + 1, 5*3 + 3]
        TorchAssert.Tensor([1, 1, 2, 2], [6, 8, 16, 18], F.adaptive_avg_pool2d(Ramp5x5(), (2, 2)));
    }

    [Fact]
    public void Average_of_a_5x5_ramp_to_3x3_uses_windows_0_2_then_1_4_then_3_5()
    {
        using var scope = torch.NewDisposeScope();
        // 5 -> 3: windows [0, 2), [1, 4), [3, 5); means 0.5, 2, 3.5 on each axis.
        double[] means = [0.5, 2, 3.5];
        var expected = means.SelectMany(r => means.Select(c => 5 * r + c)).ToArray();
        Assert.Equal([3, 4.5, 6, 10.5, 12, 13.5, 18, 19.5, 21], expected);
        TorchAssert.Tensor([1, 1, 3, 3], expected, F.adaptive_avg_pool2d(Ramp5x5(), (3, 3)));
    }

    [Fact]
    public void Maximum_of_a_scrambled_5x5_to_2x2_and_3x3()
    {
        using var scope = torch.NewDisposeScope();
        // 7 v mod 25 permutes 0..24, so window maxima are not simply the bottom-right corners.
        var values = Enumerable.Range(0, 25).Select(v => (double)(7 * v % 25)).ToArray();
        var input = torch.tensor(values, [1, 1, 5, 5]);
        // Rows of the input: [0 7 14 21 3], [10 17 24 6 13], [20 2 9 16 23], [5 12 19 1 8], [15 22 4 11 18].
        // 2x2: rows/cols [0,3) and [2,5).
        TorchAssert.Tensor([1, 1, 2, 2], [24, 24, 22, 23], F.adaptive_max_pool2d(input, (2, 2)));
        // 3x3: rows/cols [0,2), [1,4), [3,5).
        TorchAssert.Tensor([1, 1, 3, 3], [17, 24, 21, 20, 24, 23, 22, 22, 18], F.adaptive_max_pool2d(input, (3, 3)));
    }

    [Theory]
    [InlineData(4, 7, 3, 2)]
    [InlineData(6, 5, 4, 5)]
    [InlineData(3, 3, 1, 1)]
    [InlineData(2, 3, 4, 6)]
    public void Both_pools_follow_the_window_rule_on_a_two_channel_non_square_input(int inH, int inW, int outH, int outW)
    {
        using var scope = torch.NewDisposeScope();
        const int channels = 2;
        var values = ReferenceMath.Uniform(7, channels * inH * inW, 3.0);
        var input = torch.tensor(values, [1, channels, inH, inW]);

        var mean = new double[channels * outH * outW];
        var max = new double[channels * outH * outW];
        for (var ch = 0; ch < channels; ch++)
            for (var i = 0; i < outH; i++)
                for (var j = 0; j < outW; j++)
                {
                    int r0 = i * inH / outH, r1 = ((i + 1) * inH + outH - 1) / outH;
                    int c0 = j * inW / outW, c1 = ((j + 1) * inW + outW - 1) / outW;
                    double sum = 0, best = double.NegativeInfinity;
                    for (var r = r0; r < r1; r++)
                        for (var c = c0; c < c1; c++)
                        {
                            var v = values[(ch * inH + r) * inW + c];
                            sum += v;
                            best = Math.Max(best, v);
                        }
                    var k = (ch * outH + i) * outW + j;
                    mean[k] = sum / ((r1 - r0) * (c1 - c0));
                    max[k] = best;
                }

        TorchAssert.Tensor([1, channels, outH, outW], mean, F.adaptive_avg_pool2d(input, (outH, outW)));
        TorchAssert.Tensor([1, channels, outH, outW], max, F.adaptive_max_pool2d(input, (outH, outW)));
    }
}
