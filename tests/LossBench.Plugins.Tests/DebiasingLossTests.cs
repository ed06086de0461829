using LossBench.Plugins.Losses;
using LossBench.Sdk.Losses;
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
}
