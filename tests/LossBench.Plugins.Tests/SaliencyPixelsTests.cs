using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Plugins.Attacks.Saliency;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// saliency-pixels against closed forms: on a linear model the saliency of a pixel is
/// p_other * sum over its channels of |w_other - w_y|, so the ranking is that of the summed
/// absolute weight differences; the fills do what they say; k = 0 is clean accuracy; and the
/// curves, areas and gap of a model that looks at one pixel only follow from how often that pixel
/// is chosen.
/// </summary>
public sealed class SaliencyPixelsTests
{
    // Two channels of 1x4 pixels. w0 = 0 and w1 = (channel 0) 0.5, -3, 0.1, 1 | (channel 1) -2.5, 0.5, 0.2, -1.
    // Summed |w1 - w0| per pixel: 3.0, 3.5, 0.3, 2.0, so the ranks (0 = most salient) are 1, 0, 3, 2.
    // Channel 0 alone would rank the pixels 1, 3, 0, 2 and channel 1 alone 0, 3, 1, 2.
    private static readonly double[] W1 = [0.5, -3, 0.1, 1, -2.5, 0.5, 0.2, -1];

    [Fact]
    public void On_a_linear_model_the_most_salient_pixels_have_the_largest_summed_weight_differences()
    {
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([new double[8], W1], [0, 0]);
        using var generator = new Generator(1);
        var images = torch.rand([5, 2, 1, 4], generator);
        var labels = torch.tensor([0L, 1L, 0L, 1L, 1L]);
        foreach (var loss in new[] { AttackLoss.CrossEntropy, AttackLoss.Margin })
        {
            var (gradient, _) = AttackObjective.InputGradient(model, images, labels, loss);
            var ranks = SaliencyPixelsEvaluation.Ranks(SaliencyPixelsEvaluation.Saliency(gradient));
            Assert.Equal([5L, 4], ranks.shape);
            for (var n = 0; n < 5; n++)
                Assert.Equal([1L, 0, 3, 2], ranks[n].contiguous().ToArray<long>());
        }
    }

    [Fact]
    public void Ties_are_ranked_by_pixel_index()
    {
        using var scope = torch.NewDisposeScope();
        var ranks = SaliencyPixelsEvaluation.Ranks(torch.tensor([0f, 2f, 0f, 2f, 1f, 0f, 0f, 0f], [2, 4]));
        Assert.Equal([2L, 0, 3, 1, 0, 1, 2, 3], ranks.contiguous().ToArray<long>());
    }

    [Theory]
    [InlineData(0.0, 784, 0)]
    [InlineData(0.01, 784, 8)]      // 7.84
    [InlineData(0.02, 784, 16)]     // 15.68
    [InlineData(0.5, 3, 2)]         // 1.5: halves round up
    [InlineData(0.25, 4, 1)]
    [InlineData(1.0, 784, 784)]
    public void Fractions_become_pixel_counts_by_rounding(double fraction, long pixels, long expected) =>
        Assert.Equal(expected, SaliencyPixelsEvaluation.PixelCount(fraction, pixels));

    [Theory]
    [InlineData(PixelFill.Zero)]
    [InlineData(PixelFill.Mean)]
    [InlineData(PixelFill.Uniform)]
    [InlineData(PixelFill.Inverted)]
    public void Fills_replace_all_channels_of_the_chosen_pixels_and_nothing_else(PixelFill fill)
    {
        using var scope = torch.NewDisposeScope();
        // Two images of two channels of 1x4 pixels; ranks choose pixels {1, 0} of image 0 and {3, 2} of image 1.
        float[] pixels = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f];
        var images = torch.tensor(pixels, [2, 2, 1, 4]);
        var ranks = torch.tensor([1L, 0, 3, 2, 3, 2, 1, 0], [2, 4]);
        // The mean fill takes the channel means of the evaluated split, here one whose channels differ.
        var split = torch.tensor([0.0f, 0.0f, 0.2f, 0.2f, 1.0f, 1.0f, 0.6f, 0.6f], [2, 2, 1, 2]);
        var mean = SaliencyPixelsEvaluation.ChannelMean(split);
        // Channel 0 holds 0, 0, 1, 1 (mean 0.5); channel 1 holds 0.2, 0.2, 0.6, 0.6 (mean 0.4).
        Expect.Close([0.5, 0.4], Expect.Values(mean), rtol: 0, atol: 1e-7, what: "channel means");

        using var generator = new Generator(3);
        var replaced = Expect.Values(SaliencyPixelsEvaluation.Replace(images, SaliencyPixelsEvaluation.Fill(fill, images, mean, generator), ranks, 2));
        for (var n = 0; n < 2; n++)
            for (var c = 0; c < 2; c++)
                for (var p = 0; p < 4; p++)
                {
                    var i = n * 8 + c * 4 + p;
                    var chosen = n == 0 ? p is 0 or 1 : p is 2 or 3;
                    if (!chosen)
                    {
                        Assert.Equal((double)pixels[i], replaced[i]);
                        continue;
                    }
                    switch (fill)
                    {
                        case PixelFill.Zero: Assert.Equal(0.0, replaced[i]); break;
                        case PixelFill.Mean: Assert.Equal(c == 0 ? 0.5 : 0.4, replaced[i], 6); break;
                        case PixelFill.Inverted: Assert.Equal(1 - pixels[i], replaced[i], 6); break;
                        case PixelFill.Uniform:
                            Assert.InRange(replaced[i], 0.0, 1.0);
                            Assert.NotEqual((double)pixels[i], replaced[i]);
                            break;
                    }
                }
    }

    [Fact]
    public void The_normalised_area_is_the_trapezoid_rule_over_the_range_of_fractions()
    {
        // (0, 1), (0.1, 0.8), (0.3, 0.2), given out of order: 0.1 * (1 + 0.8) / 2 + 0.2 * (0.8 + 0.2) / 2
        // = 0.09 + 0.1 = 0.19, over the range 0.3: 0.6333...
        Expect.Close(0.19 / 0.3, SaliencyPixelsEvaluation.NormalisedArea([0.3, 0, 0.1], [0.2, 1, 0.8]), rtol: 1e-14);
        // A flat curve has the area of its height whatever the range.
        Expect.Close(0.7, SaliencyPixelsEvaluation.NormalisedArea([0.05, 0.2], [0.7, 0.7]), rtol: 1e-14);
    }

    /// <summary>
    /// One channel of 1x4 pixels; z1 - z0 = 2 x_0 - 0.5 (only pixel 0 matters: class 1 iff x_0 &gt; 0.25).
    /// 2,000 images, all labelled 1: 1,600 with x_0 = 1 (right), 400 with x_0 = 0.1 (wrong); the other
    /// pixels are random. Only pixel 0 has a non-zero saliency, so it is the first chosen; filled
    /// with zero it turns every image to class 0.
    ///   salient: k = 0: 0.8; k = 0.25 (1 pixel) and 0.5 (2 pixels): 0. Area (0.25 * 0.8 / 2) / 0.5 = 0.2.
    ///   random: pixel 0 is among 1 (2) random pixels of 4 with probability 1/4 (1/2):
    ///           accuracy 0.8 * 3/4 = 0.6 (0.8 * 1/2 = 0.4); area (0.25 * 1.4 / 2 + 0.25 * 1.0 / 2) / 0.5 = 0.6.
    /// </summary>
    [Fact]
    public void Curves_areas_and_gap_of_a_model_that_reads_one_pixel()
    {
        using var model = AttackFixtures.Linear([[-1, 0, 0, 0], [1, 0, 0, 0]], [0.25, -0.25]);
        using var generator = new Generator(8);
        var pixels = Expect.Values(torch.rand([2000, 1, 1, 4], generator)).Select(v => (float)v).ToArray();
        for (var n = 0; n < 2000; n++) pixels[n * 4] = n < 1600 ? 1f : 0.1f;
        using var splits = AttackFixtures.Splits(AttackFixtures.Split(pixels, [2000, 1, 1, 4], Enumerable.Repeat(1L, 2000).ToArray()));
        var options = new SaliencyPixelsOptions { Fractions = [0, 0.25, 0.5], Fill = PixelFill.Zero };
        var result = new SaliencyPixelsEvaluation(options).Evaluate(AttackFixtures.Context(model, splits, generator, batchSize: 300));

        var m = result.Metrics;
        Assert.Equal(["salient.accuracy@k=0", "salient.accuracy@k=0.25", "salient.accuracy@k=0.5",
            "random.accuracy@k=0", "random.accuracy@k=0.25", "random.accuracy@k=0.5",
            "salient.area", "random.area", "gap", AttackFlags.ZeroGradients], m.Keys);
        // k = 0 replaces nothing: both are the clean accuracy.
        Assert.Equal(0.8, m["salient.accuracy@k=0"]);
        Assert.Equal(0.8, m["random.accuracy@k=0"]);
        Assert.Equal(0.0, m["salient.accuracy@k=0.25"]);
        Assert.Equal(0.0, m["salient.accuracy@k=0.5"]);
        // Binomial sds: sqrt(1600 * 3/4 * 1/4) / 2000 = 0.0087 and sqrt(1600 / 4) / 2000 = 0.01.
        Assert.InRange(m["random.accuracy@k=0.25"], 0.6 - 0.045, 0.6 + 0.045);
        Assert.InRange(m["random.accuracy@k=0.5"], 0.4 - 0.05, 0.4 + 0.05);

        Expect.Close(0.2, m["salient.area"], rtol: 1e-12);
        var random = (0.25 * (0.8 + m["random.accuracy@k=0.25"]) / 2 + 0.25 * (m["random.accuracy@k=0.25"] + m["random.accuracy@k=0.5"]) / 2) / 0.5;
        Expect.Close(random, m["random.area"], rtol: 1e-12);
        Expect.Close(random - 0.2, m["gap"], rtol: 1e-12);
        Assert.InRange(m["gap"], 0.4 - 0.05, 0.4 + 0.05);
        Assert.Equal(0.0, m[AttackFlags.ZeroGradients]);

        var salient = result.Curves["salient"];
        Assert.Equal(("fraction of pixels replaced", "accuracy (salient pixels set to zero)"), (salient.XName, salient.YName));
        Expect.Close([0, 0.25, 0.5], salient.X.ToArray(), what: "x");
        Expect.Close([0.8, 0, 0], salient.Y.ToArray(), what: "y");
        Assert.Equal("accuracy (random pixels set to zero)", result.Curves["random"].YName);
    }

    [Fact]
    public void Options_have_documented_defaults_and_need_two_valid_fractions()
    {
        var defaults = OptionsBinder.Bind<SaliencyPixelsOptions>(null, "evaluations[4].saliency-pixels");
        Assert.Equal([0, 0.01, 0.02, 0.05, 0.1, 0.2], defaults.Fractions);
        Assert.Equal((PixelFill.Mean, AttackLoss.CrossEntropy), (defaults.Fill, defaults.Loss));
        Assert.Equal(PixelFill.Inverted, OptionsBinder.Bind<SaliencyPixelsOptions>(ConfigMapping.Of(("fill", "inverted")), "s").Fill);

        Expect.BindingFails<SaliencyPixelsOptions>(ConfigMapping.Of(("fractions", new[] { 0.1 })), "evaluations[4].saliency-pixels",
            "evaluations[4].saliency-pixels.fractions", "at least two");
        Expect.BindingFails<SaliencyPixelsOptions>(ConfigMapping.Of(("fractions", new[] { 0.0, 1.2 })), "evaluations[4].saliency-pixels",
            "evaluations[4].saliency-pixels.fractions", "fractions[1] is 1.2");
        Expect.BindingFails<SaliencyPixelsOptions>(ConfigMapping.Of(("fill", "blur")), "evaluations[4].saliency-pixels",
            "evaluations[4].saliency-pixels.fill", "blur");
    }
}
