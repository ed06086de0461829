using LossBench.Plugins.Losses;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The debiasing losses on the hand-worked batch of <see cref="LossPackTests"/> (p0 = (1/4, 1/4, 1/2),
/// label 2; p1 = (3/5, 1/5, 1/5), label 1) with bias probabilities b0 = (0.2, 0.3, 0.5), b1 = (0.1, 0.6, 0.3),
/// so b_t = 0.5 and 0.6.
/// </summary>
public sealed class DebiasingLossTests
{
    private static readonly TrainingProgress Start = new(0, 1, 0, 1);
    private static readonly double[] Logits = [0, 0, Math.Log(2), Math.Log(3), 0, 0];
    private static readonly double[] OneHot = [0, 0, 1, 0, 1, 0];
    private static readonly double[] Bias = [0.2, 0.3, 0.5, 0.1, 0.6, 0.3];
    private static readonly double Ln2 = Math.Log(2), Ln5 = Math.Log(5);
    private static readonly double[] Teacher = [0.25, 0.25, 0.5, 0.5, 0.25, 0.25];

    private static double Value(ILoss loss, double[]? logits = null, double[]? bias = null)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(logits ?? Logits, [2, 3]);
        return loss.Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), torch.tensor(bias ?? Bias, [2, 3]), Start)
        {
            TeacherProbs = torch.tensor(Teacher, [2, 3]),
        }).item<double>();
    }

    public static TheoryData<string> Names => new(["debiased-focal", "product-of-experts", "reweight", "conf-reg"]);

    private static ILoss Build(string name) => name switch
    {
        "debiased-focal" => new DebiasedFocalLoss(new DebiasOptions()),
        "product-of-experts" => new ProductOfExpertsLoss(new DebiasOptions()),
        "conf-reg" => new ConfRegLoss(new DebiasOptions()),
        _ => new ReweightLoss(new DebiasOptions()),
    };

    [Fact]
    public void Values_match_the_hand_worked_batch()
    {
        // debiased focal, gamma 2: ((1 - .5)^2 ln 2 + (1 - .6)^2 ln 5) / 2.
        Expect.Close((0.25 * Ln2 + 0.16 * Ln5) / 2, Value(new DebiasedFocalLoss(new DebiasOptions())));
        // product of experts: p*b = (.05, .075, .25) / .375 -> label 2 has 2/3, CE ln 1.5;
        // (.06, .12, .06) / .24 -> label 1 has 1/2, CE ln 2.
        Expect.Close((Math.Log(1.5) + Ln2) / 2, Value(new ProductOfExpertsLoss(new DebiasOptions())));
        // reweight: w = (.5, .4), CE = (ln 2, ln 5): (.5 ln 2 + .4 ln 5) / .9.
        Expect.Close((0.5 * Ln2 + 0.4 * Ln5) / 0.9, Value(new ReweightLoss(new DebiasOptions())));
    }

    [Fact]
    public void Conf_reg_scales_the_teacher_by_one_minus_b_t()
    {
        // Teacher t0 = (1/4, 1/4, 1/2), t1 = (1/2, 1/4, 1/4); b_t = 0.5 and 0.6.
        // Row 0: t^0.5 = (1/2, 1/2, 1/sqrt2), S = that / (1 + 1/sqrt2); loss0 = -(S . log p0) with p0 = (1/4, 1/4, 1/2).
        // Row 1: t^0.4 = (0.5^0.4, 0.25^0.4, 0.25^0.4), S = that / sum; loss1 = -(S . log p1) with p1 = (3/5, 1/5, 1/5).
        double Row(double[] t, double exponent, double[] p)
        {
            var scaled = t.Select(x => Math.Pow(x, exponent)).ToArray();
            return -Enumerable.Range(0, 3).Sum(c => scaled[c] / scaled.Sum() * Math.Log(p[c]));
        }
        var expected = (Row([0.25, 0.25, 0.5], 0.5, [0.25, 0.25, 0.5]) + Row([0.5, 0.25, 0.25], 0.4, [0.6, 0.2, 0.2])) / 2;
        double[] teacher = [0.25, 0.25, 0.5, 0.5, 0.25, 0.25];
        Expect.Close(expected, ConfReg(teacher, Bias));
        // b_t = 0: plain distillation, -sum_c t_c log p_c; b_t = 1: the uniform target.
        Expect.Close((-(0.25 * Math.Log(0.25) * 2 + 0.5 * Math.Log(0.5)) - (0.5 * Math.Log(0.6) + 0.25 * Math.Log(0.2) * 2)) / 2,
            ConfReg(teacher, [0.5, 0.5, 0, 0.5, 0, 0.5]));
        Expect.Close(-(Math.Log(0.25) * 2 + Math.Log(0.5) + Math.Log(0.6) + Math.Log(0.2) * 2) / 3 / 2, ConfReg(teacher, [0, 0, 1, 0, 1, 0]));
        Assert.True(ConfRegLoss.TraitsOf(new DebiasOptions()).NeedsTeacher);
    }

    private static double ConfReg(double[] teacher, double[] bias)
    {
        using var scope = torch.NewDisposeScope();
        var input = new LossInput(torch.tensor(Logits, [2, 3]), torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), torch.tensor(bias, [2, 3]), Start)
        {
            TeacherProbs = torch.tensor(teacher, [2, 3]),
        };
        return new ConfRegLoss(new DebiasOptions()).Compute(input).item<double>();
    }

    [Fact]
    public void Debiased_focal_with_b_t_zero_is_cross_entropy()
    {
        double[] zeroAtLabel = [0.5, 0.5, 0, 0.5, 0, 0.5];
        Expect.Close((Ln2 + Ln5) / 2, Value(new DebiasedFocalLoss(new DebiasOptions()), bias: zeroAtLabel));
    }

    [Fact]
    public void Traits_ask_for_the_configured_bias_model_and_hard_labels()
    {
        var traits = ReweightLoss.TraitsOf(new DebiasOptions { Bias = BiasSource.Known, BiasExamples = 500, BiasEpochs = 2 });
        Assert.True(traits.NeedsBiasModel);
        Assert.True(traits.HardLabelsOnly);
        Assert.Equal(new BiasModelRequest(BiasSource.Known, 500, 2), traits.BiasModel);
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var scope = torch.NewDisposeScope();
            new ReweightLoss(new DebiasOptions()).Compute(new LossInput(torch.tensor(Logits, [2, 3]), torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), null, Start));
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_matches_central_finite_differences_and_stays_finite_at_50(string name)
    {
        const double h = 1e-6;
        var loss = Build(name);
        double[] analytic;
        using (var scope = torch.NewDisposeScope())
        {
            var z = torch.tensor(Logits, [2, 3], requires_grad: true);
            loss.Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), torch.tensor(Bias, [2, 3]), Start)
            {
                TeacherProbs = torch.tensor(Teacher, [2, 3]),
            }).backward();
            analytic = Expect.Values(z.grad!);
        }
        var numeric = Enumerable.Range(0, 6).Select(i =>
        {
            var plus = (double[])Logits.Clone();
            var minus = (double[])Logits.Clone();
            plus[i] += h;
            minus[i] -= h;
            return (Value(loss, plus) - Value(loss, minus)) / (2 * h);
        }).ToArray();
        Expect.Close(numeric, analytic, rtol: 1e-6, atol: 1e-8, what: $"{name} gradient");

        using var extreme = torch.NewDisposeScope();
        var big = torch.tensor(new double[] { 50, -50, 0, -50, 50, -50 }, [2, 3], requires_grad: true);
        var value = loss.Compute(new LossInput(big, torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), torch.tensor(new double[] { 1, 0, 0, 0, 0, 1 }, [2, 3]), Start)
        {
            TeacherProbs = torch.tensor(new double[] { 1, 0, 0, 0, 0, 1 }, [2, 3]),
        });
        value.backward();
        Assert.True(double.IsFinite(value.item<double>()));
        Assert.All(Expect.Values(big.grad!), g => Assert.True(double.IsFinite(g)));
    }

    /// <summary>
    /// One two-class sample, label 0, uniform prediction (p = 1/2, 1/2), bias b = (0.9, 0.1), a teacher
    /// t = (0.8, 0.2), at training progress <paramref name="step"/> of 10 steps; <paramref name="z0"/> the first logit (0: uniform).
    /// </summary>
    private static double TwoClass(ILoss loss, long step, double z0 = 0)
    {
        using var scope = torch.NewDisposeScope();
        var input = new LossInput(torch.tensor(new double[] { z0, 0 }, [1, 2]), torch.tensor(new long[] { 0 }), torch.tensor(new double[] { 1, 0 }, [1, 2]),
            torch.tensor(new double[] { 0.9, 0.1 }, [1, 2]), new TrainingProgress(0, 1, step, 10))
        {
            TeacherProbs = torch.tensor(new double[] { 0.8, 0.2 }, [1, 2]),
        };
        return loss.Compute(input).item<double>();
    }

    [Fact]
    public void Annealing_scales_b_by_the_papers_schedule()
    {
        // anneal-min a = 0 halfway (step 5 of 10): alpha_t = (1 - 0) * 0.5, exponent 1 - alpha_t = 0.5;
        // b = (0.9, 0.1) becomes (sqrt .9, sqrt .1) / sum = (3, 1) / 4 = (0.75, 0.25), since sqrt .9 = 3 sqrt .1.
        var half = new DebiasOptions { Gamma = 1, Anneal = true, AnnealMin = 0 };
        // debiased focal, gamma 1: (1 - b_t) ln 2 with b_t = 0.75.
        Expect.Close(0.25 * Ln2, TwoClass(new DebiasedFocalLoss(half), 5));
        // product of experts: p * b' = (1/2)(3/4, 1/4), label 0 has 3/4: -ln 0.75.
        Expect.Close(-Math.Log(0.75), TwoClass(new ProductOfExpertsLoss(half), 5));
        // conf-reg: the teacher (0.8, 0.2) raised to 1 - 0.75 = 1/4 is proportional to (4^(1/4), 1) = (sqrt 2, 1),
        // so S = (sqrt 2, 1) / (1 + sqrt 2); with z = (ln 3, 0), p = (3/4, 1/4): -(S0 ln 3/4 + S1 ln 1/4).
        var s0 = Math.Sqrt(2) / (1 + Math.Sqrt(2));
        Expect.Close(-(s0 * Math.Log(0.75) + (1 - s0) * Math.Log(0.25)), TwoClass(new ConfRegLoss(half), 5, Math.Log(3)));
        // Without annealing, or at the first step, b is the bias model's: (1 - 0.9) ln 2.
        Expect.Close(0.1 * Ln2, TwoClass(new DebiasedFocalLoss(half with { Anneal = false }), 5));
        Expect.Close(0.1 * Ln2, TwoClass(new DebiasedFocalLoss(half), 0));
        // The paper's a = 0.8 at the last step (10 of 10): exponent 0.8, b_t = 0.9^0.8 / (0.9^0.8 + 0.1^0.8).
        var paper = new DebiasOptions { Gamma = 1, Anneal = true };
        Assert.Equal(0.8, paper.AnnealMin);
        var end = Math.Pow(0.9, 0.8) / (Math.Pow(0.9, 0.8) + Math.Pow(0.1, 0.8));
        Expect.Close((1 - end) * Ln2, TwoClass(new DebiasedFocalLoss(paper), 10));
        // Halfway with a = 0.8: exponent 0.9.
        var mid = Math.Pow(0.9, 0.9) / (Math.Pow(0.9, 0.9) + Math.Pow(0.1, 0.9));
        Expect.Close((1 - mid) * Ln2, TwoClass(new DebiasedFocalLoss(paper), 5));
        // a = 1 never anneals.
        Expect.Close(0.1 * Ln2, TwoClass(new DebiasedFocalLoss(paper with { AnnealMin = 1 }), 10));
    }

    [Fact]
    public void Annealed_losses_match_central_finite_differences()
    {
        const double h = 1e-6;
        var options = new DebiasOptions { Anneal = true };
        var halfway = new TrainingProgress(0, 1, 1, 2);
        foreach (var loss in new ILoss[] { new DebiasedFocalLoss(options), new ProductOfExpertsLoss(options), new ReweightLoss(options), new ConfRegLoss(options) })
        {
            double At(double[] logits, bool grad, out double[] gradient)
            {
                using var scope = torch.NewDisposeScope();
                var z = torch.tensor(logits, [2, 3], requires_grad: grad);
                var value = loss.Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), torch.tensor(OneHot, [2, 3]), torch.tensor(Bias, [2, 3]), halfway)
                {
                    TeacherProbs = torch.tensor(Teacher, [2, 3]),
                });
                if (grad) value.backward();
                gradient = grad ? Expect.Values(z.grad!) : [];
                return value.item<double>();
            }
            At(Logits, true, out var analytic);
            var numeric = Enumerable.Range(0, 6).Select(i =>
            {
                var plus = (double[])Logits.Clone();
                var minus = (double[])Logits.Clone();
                plus[i] += h;
                minus[i] -= h;
                return (At(plus, false, out _) - At(minus, false, out _)) / (2 * h);
            }).ToArray();
            Expect.Close(numeric, analytic, rtol: 1e-6, atol: 1e-8, what: $"{loss.GetType().Name} annealed gradient");
        }
    }

    private static ConfigMapping Options(string flow) => (ConfigMapping)FlowText.Parse(flow);

    [Fact]
    public void Bias_sources_anneal_and_lr_parse_and_bad_values_are_refused()
    {
        Assert.Equal(BiasSource.Shallow, OptionsBinder.Bind<DebiasOptions>(null, "reweight").Bias);
        Assert.Equal(BiasSource.Known, OptionsBinder.Bind<DebiasOptions>(Options("{ bias: known }"), "reweight").Bias);
        Assert.Equal(BiasSource.Shallow, OptionsBinder.Bind<DebiasOptions>(Options("{ bias: shallow }"), "reweight").Bias);
        var annealed = OptionsBinder.Bind<DebiasOptions>(Options("{ anneal: true, anneal-min: 0.5, lr: 0.4 }"), "conf-reg");
        Assert.Equal((true, 0.5, (double?)0.4), (annealed.Anneal, annealed.AnnealMin, annealed.Lr));
        Expect.BindingFails<DebiasOptions>(Options("{ bias: oracle }"), "reweight", "reweight.bias", "oracle", "shallow", "known");
        Expect.BindingFails<DebiasOptions>(Options("{ anneal-min: 1.5 }"), "reweight", "reweight.anneal-min", "between");
        Expect.BindingFails<DebiasOptions>(Options("{ lr: 0 }"), "debiased-focal", "debiased-focal.lr", "finite number > 0");
        Expect.BindingFails<DebiasOptions>(Options("{ lr: -0.1 }"), "debiased-focal", "debiased-focal.lr", "finite number > 0");
    }

    [Fact]
    public void Lr_becomes_the_loss_traits_learning_rate_and_only_when_set()
    {
        Assert.Null(DebiasedFocalLoss.TraitsOf(new DebiasOptions()).LearningRate);
        Assert.Equal(0.5, DebiasedFocalLoss.TraitsOf(new DebiasOptions { Lr = 0.5 }).LearningRate);
        Assert.Equal(0.5, ConfRegLoss.TraitsOf(new DebiasOptions { Lr = 0.5 }).LearningRate);
        // A sum of losses takes the first rate that is set.
        Assert.Equal(0.5, LossTraits.Default.Union(ReweightLoss.TraitsOf(new DebiasOptions { Lr = 0.5 })).LearningRate);
        Assert.Equal(0.2, ReweightLoss.TraitsOf(new DebiasOptions { Lr = 0.2 }).Union(ReweightLoss.TraitsOf(new DebiasOptions { Lr = 0.5 })).LearningRate);
    }
}
