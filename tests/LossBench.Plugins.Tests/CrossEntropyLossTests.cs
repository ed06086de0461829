using LossBench.Plugins.Losses;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;
using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Plugins.Tests;

/// <summary>cross-entropy against a hand-worked example, PyTorch's own cross_entropy, a closed-form gradient and finite differences.</summary>
public sealed class CrossEntropyLossTests
{
    private static readonly TrainingProgress Start = new(Epoch: 0, Epochs: 1, Step: 0, TotalSteps: 1);

    private static CrossEntropyLoss Loss(double eps) => new(new CrossEntropyOptions { LabelSmoothing = eps });

    /// <summary>
    /// The hand-worked batch (N = 2, C = 3), chosen so that the softmax is made of simple fractions:
    ///   row 0: z = (0, 0, ln 2), label 2: exp(z) = (1, 1, 2), softmax p = (1/4, 1/4, 1/2);
    ///   row 1: z = (ln 3, 0, 0), label 1: exp(z) = (3, 1, 1), softmax p = (3/5, 1/5, 1/5).
    /// </summary>
    private static double[] HandLogits => [0, 0, Math.Log(2), Math.Log(3), 0, 0];

    private static double Compute(CrossEntropyLoss loss, double[] logits, double[] targets, long[] labels, long classes)
    {
        using var scope = torch.NewDisposeScope();
        var n = labels.Length;
        var z = torch.tensor(logits, [n, classes]);
        var q = torch.tensor(targets, [n, classes]);
        var y = torch.tensor(labels);
        return loss.Compute(new LossInput(z, y, q, null, Start)).item<double>();
    }

    [Fact]
    public void Matches_the_hand_worked_example_without_smoothing()
    {
        // loss = mean(-ln p[0][2], -ln p[1][1]) = (-ln 1/2 - ln 1/5) / 2 = (ln 2 + ln 5) / 2 = ln(10) / 2 = 1.1512925...
        var actual = Compute(Loss(0), HandLogits, [0, 0, 1, 0, 1, 0], [2, 1], 3);
        Expect.Close(Math.Log(10) / 2, actual);
        Expect.Close(1.151292546497023, actual, rtol: 1e-14);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void The_one_hot_fast_path_matches_the_hand_worked_example(double eps)
    {
        // Same batch as above, with the host's flag that q is one_hot(y): the plugin reads the labels instead.
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(HandLogits, [2, 3]);
        var q = torch.tensor(new double[] { 0, 0, 1, 0, 1, 0 }, [2, 3]);
        var actual = Loss(eps).Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), q, null, Start) { TargetsAreOneHot = true }).item<double>();
        var expected = eps == 0 ? Math.Log(10) / 2 : (1.2 * Math.Log(2) + Math.Log(5) - 0.1 * Math.Log(3)) / 2;
        Expect.Close(expected, actual);
    }

    [Fact]
    public void Matches_the_hand_worked_example_with_label_smoothing()
    {
        // eps = 0.3, C = 3: q' = 0.7 q + 0.1.
        //   row 0: q' = (0.1, 0.1, 0.8): -(0.1 ln 1/4 + 0.1 ln 1/4 + 0.8 ln 1/2) = 0.2 * 2 ln 2 + 0.8 ln 2 = 1.2 ln 2
        //   row 1: q' = (0.1, 0.8, 0.1): -(0.1 ln 3/5 + 0.8 ln 1/5 + 0.1 ln 1/5) = -0.1 ln 3 + 0.1 ln 5 + 0.9 ln 5 = ln 5 - 0.1 ln 3
        //   mean = (1.2 ln 2 + ln 5 - 0.1 ln 3) / 2 = (0.8317766 + 1.6094379 - 0.1098612) / 2 = 1.1656766...
        var actual = Compute(Loss(0.3), HandLogits, [0, 0, 1, 0, 1, 0], [2, 1], 3);
        Expect.Close((1.2 * Math.Log(2) + Math.Log(5) - 0.1 * Math.Log(3)) / 2, actual);
    }

    [Fact]
    public void Reads_mixed_target_probabilities_not_the_labels()
    {
        // Row 0 mixed half-and-half between classes 0 and 2 (as mixup would), row 1 one-hot on 1:
        //   row 0: -(0.5 ln 1/4 + 0.5 ln 1/2) = 0.5 * 2 ln 2 + 0.5 ln 2 = 1.5 ln 2
        //   row 1: -ln 1/5 = ln 5
        // The labels (here 2 and 1) must not matter.
        var expected = (1.5 * Math.Log(2) + Math.Log(5)) / 2;
        Expect.Close(expected, Compute(Loss(0), HandLogits, [0.5, 0, 0.5, 0, 1, 0], [2, 1], 3));
        Expect.Close(expected, Compute(Loss(0), HandLogits, [0.5, 0, 0.5, 0, 1, 0], [0, 1], 3));
    }

    [Fact]
    public void Gradient_is_softmax_minus_the_smoothed_target_over_n()
    {
        // d loss / d z = (p - q') / N, because q' sums to 1. For the hand-worked batch with eps = 0.3:
        //   row 0: (1/4 - 0.1, 1/4 - 0.1, 1/2 - 0.8) / 2 = (0.075, 0.075, -0.15)
        //   row 1: (3/5 - 0.1, 1/5 - 0.8, 1/5 - 0.1) / 2 = (0.25, -0.3, 0.05)
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(HandLogits, [2, 3], requires_grad: true);
        var q = torch.tensor(new double[] { 0, 0, 1, 0, 1, 0 }, [2, 3]);
        var y = torch.tensor(new long[] { 2, 1 });
        var loss = Loss(0.3).Compute(new LossInput(z, y, q, null, Start));
        loss.backward();
        Expect.Close([0.075, 0.075, -0.15, 0.25, -0.3, 0.05], Expect.Values(z.grad!), rtol: 1e-12, atol: 1e-15);
    }

    [Fact]
    public void Gradient_matches_central_finite_differences_in_float64()
    {
        // Random logits and random (soft) target rows; each gradient element against
        // (L(z + h e) - L(z - h e)) / 2h, whose error is O(h^2) plus rounding O(eps_machine / h).
        const int n = 4, c = 5;
        const double h = 1e-6;
        var random = new Random(20240601);
        var logits = Enumerable.Range(0, n * c).Select(_ => random.NextDouble() * 6 - 3).ToArray();
        var targets = new double[n * c];
        for (var row = 0; row < n; row++)
        {
            var weights = Enumerable.Range(0, c).Select(_ => random.NextDouble()).ToArray();
            for (var k = 0; k < c; k++) targets[row * c + k] = weights[k] / weights.Sum();
        }
        long[] labels = [0, 1, 2, 3];
        var loss = Loss(0.2);

        double[] analytic;
        using (var scope = torch.NewDisposeScope())
        {
            var z = torch.tensor(logits, [n, c], requires_grad: true);
            var value = loss.Compute(new LossInput(z, torch.tensor(labels), torch.tensor(targets, [n, c]), null, Start));
            analytic = torch.autograd.grad([value], [z])[0]!.ToArray<double>();
        }

        for (var i = 0; i < n * c; i++)
        {
            var plus = (double[])logits.Clone();
            var minus = (double[])logits.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (Compute(loss, plus, targets, labels, c) - Compute(loss, minus, targets, labels, c)) / (2 * h);
            Expect.Close(numeric, analytic[i], rtol: 1e-6, atol: 1e-8, what: $"d loss / d z[{i}]");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.45)]
    public void Equals_torch_cross_entropy_with_label_smoothing_for_one_hot_targets(double eps)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(7);
        var z = torch.randn([8, 5], generator, ScalarType.Float64).mul(3.0);
        var y = torch.randint(5, [8], generator);
        var q = F.one_hot(y, 5).to(ScalarType.Float64);
        var expected = F.cross_entropy(z, y, label_smoothing: eps).item<double>();
        var actual = Loss(eps).Compute(new LossInput(z, y, q, null, Start)).item<double>();
        Expect.Close(expected, actual, rtol: 1e-12);
    }

    [Fact]
    public void Float32_logits_give_a_float32_scalar_close_to_the_float64_value()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(HandLogits, [2, 3]).to(ScalarType.Float32);
        var q = torch.tensor(new float[] { 0, 0, 1, 0, 1, 0 }, [2, 3]);
        var loss = Loss(0).Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), q, null, Start));
        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.Empty(loss.shape);
        Expect.Close(Math.Log(10) / 2, loss.item<double>(), rtol: 1e-6);
    }

    [Fact]
    public void Works_with_probability_targets_and_needs_no_bias_model()
    {
        // A loss that declares no traits has the defaults: probability targets, no bias model.
        Assert.DoesNotContain(typeof(CrossEntropyLoss).GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDeclaresLossTraits<>));
        Assert.False(LossTraits.Default.HardLabelsOnly);
        Assert.False(LossTraits.Default.NeedsBiasModel);
    }

    [Fact]
    public void Targets_of_another_shape_than_the_logits_are_an_error()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.zeros([2, 3]);
        var q = torch.zeros([2, 4]);
        var error = Assert.Throws<ArgumentException>(() => Loss(0).Compute(new LossInput(z, torch.tensor(new long[] { 0, 1 }), q, null, Start)));
        Assert.Contains("[2, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_label_smoothing_in_0_1_and_reject_wrong_types()
    {
        Assert.Equal(0.0, OptionsBinder.Bind<CrossEntropyOptions>(null, "losses[0].cross-entropy").LabelSmoothing);
        Assert.Equal(0.1, OptionsBinder.Bind<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", 0.1)), "losses[0].cross-entropy").LabelSmoothing);

        Expect.BindingFails<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", "lots")), "losses[0].cross-entropy",
            "losses[0].cross-entropy.label-smoothing", "expected number", "'lots'");
        Expect.BindingFails<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", true)), "losses[0].cross-entropy",
            "losses[0].cross-entropy.label-smoothing", "expected number", "'true'");
        // eps = 1 would make the target uniform whatever the label: nothing left to learn.
        Expect.BindingFails<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", 1.0)), "losses[0].cross-entropy",
            "losses[0].cross-entropy.label-smoothing", "in [0, 1)");
        Expect.BindingFails<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", -0.1)), "losses[0].cross-entropy",
            "losses[0].cross-entropy.label-smoothing", "in [0, 1)");
        Assert.Equal(0.999, OptionsBinder.Bind<CrossEntropyOptions>(ConfigMapping.Of(("label-smoothing", 0.999)), "l").LabelSmoothing);
        Expect.BindingFails<CrossEntropyOptions>(ConfigMapping.Of(("labelsmoothing", 0.1)), "losses[0].cross-entropy",
            "losses[0].cross-entropy.labelsmoothing", "did you mean 'label-smoothing'");
    }
}
