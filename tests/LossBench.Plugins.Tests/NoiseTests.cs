using LossBench.Plugins.Attacks.Noise;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The noise control: the three kinds of noise have the sizes and distributions they claim
/// (checked with binomial and normal tolerances of about 5 standard deviations), and the noise
/// evaluation's accuracies match a one-pixel threshold model whose flip probabilities are known.
/// </summary>
public sealed class NoiseTests
{
    private static double[] Draw(NoiseKind kind, long[] shape, double epsilon, ulong seed = 1)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(seed);
        return Expect.Values(RandomPerturbation.Sample(kind, torch.zeros(shape), epsilon, generator));
    }

    [Fact]
    public void Sign_noise_is_plus_or_minus_eps_with_probability_one_half()
    {
        var delta = Draw(NoiseKind.Sign, [2000, 1, 2, 5], 0.1);
        Assert.All(delta, d => Assert.Equal(0.1, Math.Abs(d), 7));
        // 20,000 fair coin flips: sd of the fraction sqrt(0.25 / 20000) = 0.0035.
        Assert.InRange(delta.Count(d => d > 0) / 20000.0, 0.5 - 0.018, 0.5 + 0.018);
    }

    [Fact]
    public void Uniform_noise_fills_the_linf_ball_evenly()
    {
        var delta = Draw(NoiseKind.Uniform, [2000, 1, 2, 5], 0.2);
        Assert.All(delta, d => Assert.InRange(d, -0.2, 0.2));
        // U(-0.2, 0.2): mean 0 with sd 0.2 / sqrt(3) / sqrt(20000) = 0.00082; P(0 <= d < 0.1) = 1/4 (sd 0.0031).
        Assert.InRange(delta.Average(), -0.0041, 0.0041);
        Assert.InRange(delta.Count(d => d >= 0 && d < 0.1) / 20000.0, 0.25 - 0.016, 0.25 + 0.016);
    }

    [Fact]
    public void Gaussian_noise_has_l2_norm_eps_in_a_uniform_direction()
    {
        // Images of 4 values: each example's delta has norm exactly eps, and by symmetry each squared
        // coordinate averages eps^2 / 4 and each coordinate is positive with probability 1/2.
        var delta = Draw(NoiseKind.Gaussian, [5000, 1, 2, 2], 1.5);
        for (var n = 0; n < 5000; n++)
            Assert.Equal(1.5, Math.Sqrt(delta.Skip(n * 4).Take(4).Sum(d => d * d)), 5);
        for (var i = 0; i < 4; i++)
        {
            var coordinate = Enumerable.Range(0, 5000).Select(n => delta[n * 4 + i]).ToArray();
            // u_i^2 for u uniform on the 3-sphere is Beta(1/2, 3/2): mean 1/4, sd sqrt(3/80) = 0.194; over 5000: 0.0027.
            Assert.InRange(coordinate.Average(d => d * d) / (1.5 * 1.5), 0.25 - 0.014, 0.25 + 0.014);
            Assert.InRange(coordinate.Count(d => d > 0) / 5000.0, 0.5 - 0.036, 0.5 + 0.036);
        }
    }

    [Fact]
    public void Uniform_points_in_the_l2_ball_have_radius_eps_times_u_to_the_one_over_d()
    {
        // d = 2 values per example: P(r <= eps / 2) = (1/2)^2 = 1/4, P(r <= eps * 0.9) = 0.81.
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(4);
        var points = Expect.Values(RandomPerturbation.UniformInL2Ball(torch.zeros([8000, 1, 1, 2]), 0.4, generator));
        var radii = Enumerable.Range(0, 8000).Select(n => Math.Sqrt(points[2 * n] * points[2 * n] + points[2 * n + 1] * points[2 * n + 1])).ToArray();
        Assert.All(radii, r => Assert.True(r <= 0.4 * (1 + 1e-6), $"radius {r} outside the ball"));
        // Binomial sds over 8000: sqrt(0.25 * 0.75 / 8000) = 0.0048, sqrt(0.81 * 0.19 / 8000) = 0.0044.
        Assert.InRange(radii.Count(r => r <= 0.2) / 8000.0, 0.25 - 0.024, 0.25 + 0.024);
        Assert.InRange(radii.Count(r => r <= 0.36) / 8000.0, 0.81 - 0.022, 0.81 + 0.022);
    }

    [Fact]
    public void The_same_seed_gives_the_same_noise_and_another_seed_other_noise()
    {
        Assert.Equal(Draw(NoiseKind.Uniform, [3, 1, 2, 2], 0.1, seed: 9), Draw(NoiseKind.Uniform, [3, 1, 2, 2], 0.1, seed: 9));
        Assert.NotEqual(Draw(NoiseKind.Uniform, [3, 1, 2, 2], 0.1, seed: 9), Draw(NoiseKind.Uniform, [3, 1, 2, 2], 0.1, seed: 10));
    }

    [Fact]
    public void Accuracies_under_each_kind_of_noise_match_a_threshold_model()
    {
        // One pixel, z1 - z0 = 2x - 1.2: class 1 iff x > 0.6. 4,000 images at x = 0.5, all class 0.
        //   sign, eps 0.2: x' is 0.3 or 0.7, wrong half the time: accuracy 1/2;
        //   uniform, eps 0.2: x' uniform in [0.3, 0.7], wrong above 0.6: accuracy 3/4;
        //   gaussian, eps 0.2: a one-value direction is +-1, so as sign: 1/2;
        //   every kind at eps 0.05: x' within [0.45, 0.55], never wrong: accuracy 1.
        // Binomial sd over 4,000 at p = 1/2: 0.0079.
        using var model = AttackFixtures.Linear([[0], [2]], [0, -1.2]);
        using var splits = AttackFixtures.Splits(AttackFixtures.Split(Enumerable.Repeat(0.5f, 4000).ToArray(), [4000, 1, 1, 1], new long[4000]));
        using var generator = new Generator(2);
        var options = new NoiseOptions { LinfEpsilons = [0.05, 0.2], L2Epsilons = [0.05, 0.2] };
        var result = new NoiseEvaluation(options).Evaluate(AttackFixtures.Context(model, splits, generator, batchSize: 1000));

        Assert.Equal(["clean-accuracy",
            "uniform.accuracy@eps=0.05", "uniform.accuracy@eps=0.2",
            "sign.accuracy@eps=0.05", "sign.accuracy@eps=0.2",
            "gaussian.accuracy@eps=0.05", "gaussian.accuracy@eps=0.2"], result.Metrics.Keys);
        Assert.Equal(1.0, result.Metrics["clean-accuracy"]);
        Assert.Equal(1.0, result.Metrics["uniform.accuracy@eps=0.05"]);
        Assert.Equal(1.0, result.Metrics["sign.accuracy@eps=0.05"]);
        Assert.Equal(1.0, result.Metrics["gaussian.accuracy@eps=0.05"]);
        Assert.InRange(result.Metrics["sign.accuracy@eps=0.2"], 0.5 - 0.04, 0.5 + 0.04);
        Assert.InRange(result.Metrics["uniform.accuracy@eps=0.2"], 0.75 - 0.035, 0.75 + 0.035);
        Assert.InRange(result.Metrics["gaussian.accuracy@eps=0.2"], 0.5 - 0.04, 0.5 + 0.04);

        Assert.Equal(["uniform", "sign", "gaussian"], result.Curves.Keys);
        var gaussian = result.Curves["gaussian"];
        Assert.Equal(("eps (l2)", "accuracy under gaussian noise"), (gaussian.XName, gaussian.YName));
        Expect.Close([0, 0.05, 0.2], gaussian.X.ToArray(), what: "x");
        Assert.Equal(1.0, gaussian.Y[0]);
        Assert.Equal("eps (linf)", result.Curves["sign"].XName);
    }

    [Fact]
    public void Options_have_documented_defaults_and_reject_repeated_kinds_and_bad_budgets()
    {
        var defaults = OptionsBinder.Bind<NoiseOptions>(null, "evaluations[3].noise");
        Assert.Equal([NoiseKind.Uniform, NoiseKind.Sign, NoiseKind.Gaussian], defaults.Kinds);
        Assert.Equal([0.05, 0.1, 0.2, 0.3], defaults.LinfEpsilons);
        Assert.Equal([0.5, 1.0, 2.0, 3.0], defaults.L2Epsilons);
        Assert.Equal([NoiseKind.Sign], OptionsBinder.Bind<NoiseOptions>(ConfigMapping.Of(("kinds", new[] { "sign" })), "n").Kinds);

        Expect.BindingFails<NoiseOptions>(ConfigMapping.Of(("kinds", new[] { "sign", "sign" })), "evaluations[3].noise",
            "evaluations[3].noise.kinds", "lists sign twice");
        Expect.BindingFails<NoiseOptions>(ConfigMapping.Of(("kinds", new[] { "salt" })), "evaluations[3].noise",
            "evaluations[3].noise.kinds[0]", "salt");
        Expect.BindingFails<NoiseOptions>(ConfigMapping.Of(("linf-epsilons", new[] { 1.5 })), "evaluations[3].noise",
            "evaluations[3].noise.linf-epsilons", "linf-epsilons[0] is 1.5");
    }
}
