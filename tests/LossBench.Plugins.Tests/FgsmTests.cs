using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// fgsm against closed forms on linear two-class models. For logits z = W x + b and
/// cross-entropy at label y, d CE / d x = sum_j (p_j - [j = y]) w_j = p_o (w_o - w_y) for the other
/// class o; p_o > 0, so FGSM moves every pixel by exactly eps along sign(w_o - w_y) (not at all
/// where w_o = w_y), then clips to [0, 1].
/// </summary>
public sealed class FgsmTests
{
    // One channel of 2x3 pixels; w1 - w0 = [0.5, 2, -3, 0, -0.5, 1]: signs +, +, -, 0, -, +. Pixel 3
    // has weight 0 in both rows, so its gradient is exactly 0 (equal non-zero weights would leave
    // float rounding noise of either sign, which FGSM's sign would amplify to a full step).
    private static readonly double[] W0 = [0.5, -1, 2, 0, 1.5, -0.25];
    private static readonly double[] W1 = [1, 1, -1, 0, 1.0, 0.75];

    [Fact]
    public void Each_pixel_moves_by_eps_along_the_sign_of_the_weight_difference_and_clips_at_0_and_1()
    {
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([W0, W1], [0.1, -0.2]);
        // Example a has label 0, so it moves along sign(w1 - w0) = [+, +, -, 0, -, +];
        // example b has label 1 and moves along sign(w0 - w1) = [-, -, +, 0, +, -].
        float[] a = [0.5f, 0.95f, 0.02f, 0.5f, 0.3f, 0.98f];
        float[] b = [0.2f, 0.4f, 0.6f, 0.8f, 0.1f, 0.05f];
        var images = torch.tensor([.. a, .. b], [2, 1, 2, 3]);
        var labels = torch.tensor([0L, 1L]);

        var (gradient, _) = AttackObjective.InputGradient(model, images, labels, AttackLoss.CrossEntropy);
        var adversarial = FgsmEvaluation.Step(images, gradient.sign(), 0.1);

        double[] expected =
        [
            0.6, 1.0 /* 1.05 clipped */, 0.0 /* -0.08 clipped */, 0.5, 0.2, 1.0 /* 1.08 clipped */,
            0.1, 0.3, 0.7, 0.8, 0.2, 0.0 /* -0.05 clipped */,
        ];
        Expect.Close(expected, Expect.Values(adversarial), rtol: 0, atol: 1e-6, what: "x'");
        // Where both weights are zero the gradient is exactly zero and the pixel stays exactly where it was.
        var moved = Expect.Values(adversarial);
        Assert.Equal((double)a[3], moved[3]);
        Assert.Equal((double)b[3], moved[9]);
    }

    [Fact]
    public void The_cross_entropy_input_gradient_is_p_other_times_the_weight_difference()
    {
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([W0, W1], [0.1, -0.2]);
        double[] x = [0.5, 0.95, 0.02, 0.5, 0.3, 0.98];
        var images = torch.tensor(x.Select(v => (float)v).ToArray(), [1, 1, 2, 3]);
        var (gradient, logits) = AttackObjective.InputGradient(model, images, torch.tensor([0L]), AttackLoss.CrossEntropy);

        // z_j = w_j . x + b_j; p_1 = 1 / (1 + exp(z_0 - z_1)); gradient = p_1 (w_1 - w_0).
        var z0 = W0.Zip(x).Sum(p => p.First * p.Second) + 0.1;
        var z1 = W1.Zip(x).Sum(p => p.First * p.Second) - 0.2;
        var p1 = 1 / (1 + Math.Exp(z0 - z1));
        Expect.Close([z0, z1], Expect.Values(logits), rtol: 1e-6, atol: 1e-6, what: "logits");
        Expect.Close(W1.Zip(W0).Select(w => p1 * (w.First - w.Second)).ToArray(), Expect.Values(gradient), rtol: 1e-5, atol: 1e-7, what: "gradient");
    }

    /// <summary>
    /// One pixel, z1 - z0 = 2x - 1: class 1 iff x &gt; 0.5. Five examples of class 0 at 0.05 ... 0.45,
    /// five of class 1 at 0.55 ... 0.95, one at 0.75 labelled 0 (wrong when clean). FGSM moves class 0
    /// up and class 1 down by eps, so it fools the correct examples within eps of 0.5:
    /// eps 0.1: 0.45, 0.55 (8 of 11 stay correct); 0.2: also 0.35, 0.65 (6); 0.3: also 0.25, 0.75 (4).
    /// </summary>
    private static EvaluationResult ThresholdModelResult(FgsmOptions options)
    {
        using var model = AttackFixtures.Linear([[-1], [1]], [0.5, -0.5]);
        float[] x = [0.05f, 0.15f, 0.25f, 0.35f, 0.45f, 0.55f, 0.65f, 0.75f, 0.85f, 0.95f, 0.75f];
        long[] y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0];
        using var splits = AttackFixtures.Splits(AttackFixtures.Split(x, [11, 1, 1, 1], y));
        using var generator = new Generator(1);
        return new FgsmEvaluation(options).Evaluate(AttackFixtures.Context(model, splits, generator, batchSize: 4));
    }

    [Theory]
    [InlineData(AttackLoss.CrossEntropy, "accuracy (attack loss: cross-entropy)")]
    [InlineData(AttackLoss.Margin, "accuracy (attack loss: margin)")]
    public void Robust_accuracy_per_epsilon_matches_the_threshold_model(AttackLoss loss, string yName)
    {
        var result = ThresholdModelResult(new FgsmOptions { Epsilons = [0.1, 0.2, 0.3], Loss = loss });
        Expect.Close(10.0 / 11, result.Metrics["clean-accuracy"]);
        Expect.Close(8.0 / 11, result.Metrics["accuracy@eps=0.1"]);
        Expect.Close(6.0 / 11, result.Metrics["accuracy@eps=0.2"]);
        Expect.Close(4.0 / 11, result.Metrics["accuracy@eps=0.3"]);
        Assert.Equal(0.0, result.Metrics[AttackFlags.ZeroGradients]);
        Assert.Equal(0.0, result.Metrics[AttackFlags.NonMonotone]);

        var curve = result.Curves["accuracy"];
        Assert.Equal(("eps (linf)", yName), (curve.XName, curve.YName));
        Expect.Close([0, 0.1, 0.2, 0.3], curve.X.ToArray(), what: "x");
        Expect.Close([10.0 / 11, 8.0 / 11, 6.0 / 11, 4.0 / 11], curve.Y.ToArray(), what: "y");
    }

    [Fact]
    public void Stores_each_examples_outcome_under_the_attack()
    {
        // eps 0.1: class 0 moves up to x + 0.1, class 1 down to x - 0.1, and the wrong example (0.75,
        // label 0) up to 0.85. Attacked pixels 0.15 0.25 0.35 0.45 0.55 | 0.45 0.55 0.65 0.75 0.85 | 0.85,
        // so predictions (class 1 iff x' > 0.5) 0 0 0 0 1 | 0 1 1 1 1 | 1, correct (robust) where the
        // prediction is the label: 8 of 11. p(label) = sigmoid(2x' - 1) for class 1, sigmoid(1 - 2x') for class 0.
        var result = ThresholdModelResult(new FgsmOptions { Epsilons = [0.1, 0.2] });
        Assert.Equal(["accuracy@eps=0.1", "accuracy@eps=0.2"], result.Examples.Keys.Order(StringComparer.Ordinal));
        var examples = result.Examples["accuracy@eps=0.1"];
        Assert.Equal(Enumerable.Range(0, 11), examples.Index);
        Assert.Equal([0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1], examples.Predicted);
        Assert.Equal([true, true, true, true, false, false, true, true, true, true, false], examples.Correct);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        Expect.Close(new[] { 0.7, 0.5, 0.3, 0.1, -0.1, -0.1, 0.1, 0.3, 0.5, 0.7, -0.7 }.Select(Sigmoid).ToArray(),
            examples.LabelProbability.Select(p => (double)p).ToArray(), rtol: 1e-5, atol: 1e-6, what: "p(label)");
        // The mean of correct is the metric, at every epsilon (eps 0.2: 6 of 11).
        foreach (var (name, outcomes) in result.Examples) Expect.Close(result.Metrics[name], outcomes.Accuracy(), what: name);
        Assert.Equal(6, result.Examples["accuracy@eps=0.2"].Correct.Count(c => c));
    }

    [Fact]
    public void Sign_noise_only_flips_examples_within_eps_of_the_threshold()
    {
        // At eps 0.1 sign noise moves each pixel by +-0.1: only 0.45 (class 0) and 0.55 (class 1) can
        // cross 0.5, and the wrong example at 0.75 stays on class 1's side: between 8 and 10 of 11 correct.
        var result = ThresholdModelResult(new FgsmOptions { Epsilons = [0.1] });
        var noise = result.Metrics["noise-accuracy@eps=0.1"];
        Assert.InRange(noise * 11, 7.999, 10.001);
        Assert.Equal(0.0, result.Metrics[AttackFlags.NoiseStronger]);
        Assert.Equal("accuracy under sign noise", result.Curves["noise-accuracy"].YName);
    }

    [Fact]
    public void Epsilons_are_named_in_the_metrics_in_the_order_given_and_the_curve_is_sorted()
    {
        var result = ThresholdModelResult(new FgsmOptions { Epsilons = [0.3, 0.1] });
        Assert.Equal(["clean-accuracy", "accuracy@eps=0.3", "accuracy@eps=0.1", "noise-accuracy@eps=0.3", "noise-accuracy@eps=0.1",
            AttackFlags.ZeroGradients, AttackFlags.NonMonotone, AttackFlags.NoiseStronger], result.Metrics.Keys);
        Expect.Close([0, 0.1, 0.3], result.Curves["accuracy"].X.ToArray(), what: "x");
        Expect.Close([10.0 / 11, 8.0 / 11, 4.0 / 11], result.Curves["accuracy"].Y.ToArray(), what: "y");
    }

    [Fact]
    public void Examples_limits_the_evaluation_to_the_first_ones()
    {
        // The first four examples (0.05 ... 0.35, class 0): at eps 0.2 only 0.35 is fooled.
        var result = ThresholdModelResult(new FgsmOptions { Epsilons = [0.2], Examples = 4 });
        Expect.Close(1.0, result.Metrics["clean-accuracy"]);
        Expect.Close(3.0 / 4, result.Metrics["accuracy@eps=0.2"]);
    }

    [Fact]
    public void Options_have_documented_defaults_and_reject_bad_epsilons()
    {
        var defaults = OptionsBinder.Bind<FgsmOptions>(null, "evaluations[1].fgsm");
        Assert.Equal([0.05, 0.1, 0.2, 0.3], defaults.Epsilons);
        Assert.Equal(AttackLoss.CrossEntropy, defaults.Loss);
        Assert.Equal("test", defaults.Split);
        Assert.Null(defaults.Examples);

        var bound = OptionsBinder.Bind<FgsmOptions>(ConfigMapping.Of(("epsilons", new[] { 0.1, 0.2 }), ("loss", "margin"), ("examples", 100)), "e");
        Assert.Equal((AttackLoss.Margin, 100), (bound.Loss, bound.Examples!.Value));

        Expect.BindingFails<FgsmOptions>(ConfigMapping.Of(("epsilons", new[] { 0.1, -0.2 })), "evaluations[1].fgsm",
            "evaluations[1].fgsm.epsilons", "epsilons[1] is -0.2");
        Expect.BindingFails<FgsmOptions>(ConfigMapping.Of(("epsilons", new[] { 0.1, 0.1 })), "evaluations[1].fgsm",
            "evaluations[1].fgsm.epsilons", "lists 0.1 twice");
        Expect.BindingFails<FgsmOptions>(ConfigMapping.Of(("epsilons", Array.Empty<double>())), "evaluations[1].fgsm",
            "evaluations[1].fgsm.epsilons", "non-empty");
        Expect.BindingFails<FgsmOptions>(ConfigMapping.Of(("loss", "hinge")), "evaluations[1].fgsm",
            "evaluations[1].fgsm.loss", "hinge");
    }
}
