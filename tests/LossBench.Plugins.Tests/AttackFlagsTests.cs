using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Plugins.Attacks.Saliency;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The sanity flags fire on models built to trip them, and stay off where they should: a model
/// without input gradient, a ReLU unit dead on part of the data, a model whose wrong region is a
/// band that a large FGSM step jumps over, and one that is flat at the data but not around it.
/// </summary>
public sealed class AttackFlagsTests
{
    [Theory]
    [InlineData(new[] { 0.0, 0.1, 0.2 }, new[] { 0.9, 0.5, 0.7 }, 0.01, true)]     // rises by 0.2
    [InlineData(new[] { 0.0, 0.1, 0.2 }, new[] { 0.9, 0.5, 0.505 }, 0.01, false)]  // within the tolerance
    [InlineData(new[] { 0.0, 0.1, 0.2 }, new[] { 0.9, 0.5, 0.52 }, 0.01, true)]
    [InlineData(new[] { 0.2, 0.0, 0.1 }, new[] { 0.7, 0.9, 0.5 }, 0.01, true)]      // any order of points
    [InlineData(new[] { 0.2, 0.0, 0.1 }, new[] { 0.4, 0.9, 0.5 }, 0.0, false)]
    [InlineData(new[] { 0.0, 0.3 }, new[] { 0.5, 0.5 }, 0.0, false)]                // flat is monotone
    public void Non_monotone_means_a_larger_epsilon_gives_more_accuracy_beyond_the_tolerance(double[] epsilons, double[] accuracies, double tolerance, bool expected) =>
        Assert.Equal(expected, AttackFlags.IsNonMonotone(epsilons, accuracies, tolerance));

    [Theory]
    [InlineData(new[] { 0.5, 0.2 }, new[] { 0.6, 0.3 }, 0.01, false)]
    [InlineData(new[] { 0.5, 0.2 }, new[] { 0.6, 0.15 }, 0.01, true)]
    [InlineData(new[] { 0.5, 0.2 }, new[] { 0.495, 0.2 }, 0.01, false)]
    public void Noise_stronger_means_noise_accuracy_below_the_attacks_beyond_the_tolerance(double[] attack, double[] noise, double tolerance, bool expected) =>
        Assert.Equal(expected, AttackFlags.IsNoiseStronger(attack, noise, tolerance));

    private static EvaluationResult Run(IEvaluation evaluation, Module<Tensor, Tensor> model, float[] x, long[] labels)
    {
        using var splits = AttackFixtures.Splits(AttackFixtures.Split(x, [x.Length, 1, 1, 1], labels));
        using var generator = new Generator(4);
        return evaluation.Evaluate(AttackFixtures.Context(model, splits, generator, batchSize: 2));
    }

    [Fact]
    public void A_constant_model_has_zero_gradients_for_every_example()
    {
        using var model = AttackFixtures.Linear([[0], [0]], [1, 0]);
        float[] x = [0.1f, 0.5f, 0.9f];
        long[] y = [0, 1, 0];
        Assert.Equal(1.0, Run(new FgsmEvaluation(new FgsmOptions()), model, x, y).Metrics[AttackFlags.ZeroGradients]);
        Assert.Equal(1.0, Run(new PgdEvaluation(new PgdOptions { Steps = 2 }), model, x, y).Metrics[AttackFlags.ZeroGradients]);
        Assert.Equal(1.0, Run(new SaliencyPixelsEvaluation(new SaliencyPixelsOptions()), model, x, y).Metrics[AttackFlags.ZeroGradients]);
        // A model that ignores its input entirely (no graph reaches the input) counts the same.
        using var ignoring = new Lambda("constant", images => torch.tensor([1f, 0f]).expand(images.shape[0], 2).contiguous());
        Assert.Equal(1.0, Run(new FgsmEvaluation(new FgsmOptions()), ignoring, x, y).Metrics[AttackFlags.ZeroGradients]);
    }

    [Fact]
    public void A_relu_dead_below_one_half_gives_zero_gradients_exactly_there()
    {
        // z = (0, relu(x - 0.5)): the gradient is zero for x < 0.5 (3 of the 5 examples) and not above.
        using var init = new Generator(0);
        var hidden = torch.nn.Linear(1, 1, generator: init);
        var output = torch.nn.Linear(1, 2, generator: init);
        using (torch.no_grad())
        {
            hidden.weight.fill_(1.0);
            hidden.bias!.fill_(-0.5);
            using var w = torch.tensor([0f, 1f], [2, 1]);
            output.weight.copy_(w);
            output.bias!.zero_();
        }
        using var model = new Sequential(torch.nn.Flatten(), hidden, torch.nn.ReLU(), output);
        float[] x = [0.1f, 0.2f, 0.3f, 0.7f, 0.9f];
        long[] y = [0, 0, 1, 1, 0];
        Expect.Close(0.6, Run(new FgsmEvaluation(new FgsmOptions()), model, x, y).Metrics[AttackFlags.ZeroGradients]);
        Expect.Close(0.6, Run(new PgdEvaluation(new PgdOptions { Steps = 2, Loss = AttackLoss.Margin }), model, x, y).Metrics[AttackFlags.ZeroGradients]);
    }

    [Fact]
    public void Fgsm_that_jumps_over_a_band_of_wrong_answers_is_flagged_non_monotone()
    {
        // z = (0, 0.5 - 20 (x - 0.65)^2): class 1 (wrong for label 0) only for |x - 0.65| < 0.158.
        // At x = 0.45 the gradient of the loss points up, so FGSM goes to 0.55 for eps 0.1 (wrong) but
        // to 0.9 for eps 0.45 (right again): accuracy 1 clean, 0 at 0.1, 1 at 0.45.
        using var model = new Lambda("band", images =>
        {
            var z1 = images.flatten(1).sub(0.65).square().mul(-20.0).add(0.5);
            return torch.cat([torch.zeros_like(z1), z1], 1);
        });
        var result = Run(new FgsmEvaluation(new FgsmOptions { Epsilons = [0.1, 0.45] }), model, [0.45f, 0.45f, 0.45f], [0, 0, 0]);
        Assert.Equal(1.0, result.Metrics["clean-accuracy"]);
        Assert.Equal(0.0, result.Metrics["accuracy@eps=0.1"]);
        Assert.Equal(1.0, result.Metrics["accuracy@eps=0.45"]);
        Assert.Equal(1.0, result.Metrics[AttackFlags.NonMonotone]);
        Assert.Equal(0.0, result.Metrics[AttackFlags.ZeroGradients]);

        // With epsilons that stay inside the band the same attack is monotone.
        var inside = Run(new FgsmEvaluation(new FgsmOptions { Epsilons = [0.1, 0.2] }), model, [0.45f, 0.45f, 0.45f], [0, 0, 0]);
        Assert.Equal(0.0, inside.Metrics[AttackFlags.NonMonotone]);
    }

    [Fact]
    public void A_model_flat_at_the_data_but_not_around_it_is_flagged_noise_stronger()
    {
        // z = (0, 100 relu(|x - 0.5| - 0.05) - 1): right (class 0) within 0.06 of 0.5, flat within 0.05.
        // At x = 0.5 the gradient is zero, so FGSM and PGD without a random start stay put (accuracy 1),
        // while sign noise of 0.2 lands at 0.3 or 0.7, both wrong (accuracy 0).
        using var model = new Lambda("dead-zone", images =>
        {
            var z1 = images.flatten(1).sub(0.5).abs().sub(0.05).relu().mul(100.0).sub(1.0);
            return torch.cat([torch.zeros_like(z1), z1], 1);
        });
        float[] x = [0.5f, 0.5f, 0.5f, 0.5f];
        long[] y = [0, 0, 0, 0];
        foreach (var evaluation in new IEvaluation[]
                 {
                     new FgsmEvaluation(new FgsmOptions { Epsilons = [0.2] }),
                     new PgdEvaluation(new PgdOptions { Epsilons = [0.2], RandomStart = false, Steps = 3 }),
                 })
        {
            var result = Run(evaluation, model, x, y);
            Assert.Equal(1.0, result.Metrics["accuracy@eps=0.2"]);
            Assert.Equal(0.0, result.Metrics["noise-accuracy@eps=0.2"]);
            Assert.Equal(1.0, result.Metrics[AttackFlags.NoiseStronger]);
            Assert.Equal(1.0, result.Metrics[AttackFlags.ZeroGradients]);
            Assert.Equal(0.0, result.Metrics[AttackFlags.NonMonotone]);
        }
    }
}
