using LossBench.Plugins.Losses;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Every loss of the pack on one hand-worked batch, a float64 finite-difference gradient check, the
/// identities between losses, and finite values and gradients for logits of +-50.
///
/// The batch (2 samples, 3 classes): z0 = (0, 0, ln 2) so p0 = (1/4, 1/4, 1/2), label 2;
/// z1 = (ln 3, 0, 0) so p1 = (3/5, 1/5, 1/5), label 1; q is one-hot.
/// </summary>
public sealed class LossPackTests
{
    private static readonly TrainingProgress Start = new(0, 1, 0, 1);
    private static readonly double[] Logits = [0, 0, Math.Log(2), Math.Log(3), 0, 0];
    private static readonly double[] OneHot = [0, 0, 1, 0, 1, 0];
    private static readonly long[] Labels = [2, 1];
    private static readonly double Ln2 = Math.Log(2), Ln3 = Math.Log(3), Ln5 = Math.Log(5);

    private static double Value(ILoss loss, double[]? logits = null, double[]? targets = null, long[]? labels = null, long classes = 3)
    {
        using var scope = torch.NewDisposeScope();
        labels ??= Labels;
        var z = torch.tensor(logits ?? Logits, [labels.Length, classes]);
        var q = torch.tensor(targets ?? OneHot, [labels.Length, classes]);
        return loss.Compute(new LossInput(z, torch.tensor(labels), q, null, Start)).item<double>();
    }

    /// <summary>The losses of the pack with default options, by name.</summary>
    public static TheoryData<string> Names => new(Build.Keys.Order());

    private static readonly Dictionary<string, Func<ILoss>> Build = new()
    {
        ["cross-entropy"] = () => new CrossEntropyLoss(new CrossEntropyOptions()),
        ["bce"] = () => new BceLoss(new BceOptions()),
        ["focal"] = () => new FocalLoss(new FocalOptions()),
        ["sigmoid-focal"] = () => new SigmoidFocalLoss(new SigmoidFocalOptions()),
        ["dice"] = () => new DiceLoss(new OverlapOptions()),
        ["jaccard"] = () => new JaccardLoss(new OverlapOptions()),
        ["tversky"] = () => new TverskyLoss(new TverskyOptions { Alpha = 0.3, Beta = 0.7 }),
        ["focal-tversky"] = () => new FocalTverskyLoss(new TverskyOptions()),
        ["poly1"] = () => new Poly1Loss(new Poly1Options()),
        ["gce"] = () => new GceLoss(new GceOptions()),
        ["sce"] = () => new SceLoss(new SceOptions()),
        ["baikal"] = () => new BaikalLoss(new BaikalOptions()),
        ["expr"] = () => new ExprLoss(new ExprOptions { Formula = "-y * log(p) + 0.1 * square(p - y)" }),
        ["combo"] = () => Combo("[ { bce: {}, weight: 1 }, { dice: {}, weight: 0.5 } ]"),
    };

    [Fact]
    public void Bce_is_the_mean_of_softplus_minus_z_q_over_all_outputs()
    {
        // softplus(0) = ln 2, softplus(ln 2) = ln 3, softplus(ln 3) = ln 4.
        // row 0: ln2 + ln2 + (ln3 - ln2 * 1) = ln2 + ln3;  row 1: ln4 + (ln2 - 0) + ln2 = 4 ln2.  mean over 6 outputs.
        Expect.Close((5 * Ln2 + Ln3) / 6, Value(new BceLoss(new BceOptions())));
    }

    [Fact]
    public void Bce_sum_classes_sums_the_classes_and_averages_the_examples()
    {
        // The same rows as above: (ln2 + ln3) and 4 ln2, each summed over its 3 classes, mean over the 2 examples.
        Expect.Close((5 * Ln2 + Ln3) / 2, Value(new BceLoss(new BceOptions { Reduction = BceReduction.SumClasses })));
        // Its gradient per logit is (sigmoid(z) - q) / N: z = 0 with q = 0 gives 1/2 / 2 (mean: 1/2 / 6).
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(Logits, [2, 3]).requires_grad_();
        new BceLoss(new BceOptions { Reduction = BceReduction.SumClasses })
            .Compute(new LossInput(z, torch.tensor(Labels), torch.tensor(OneHot, [2, 3]), null, Start)).backward();
        Expect.Close(0.25, Expect.Values(z.grad!)[0]);
    }

    [Fact]
    public void Focal_weights_cross_entropy_by_one_minus_p_t_to_the_gamma()
    {
        // gamma 2: row 0: (1 - 1/2)^2 ln 2 = ln2 / 4; row 1: (1 - 1/5)^2 ln 5 = 0.64 ln 5.
        Expect.Close((Ln2 / 4 + 0.64 * Ln5) / 2, Value(new FocalLoss(new FocalOptions())));
        // per-class alpha (1, 2, 3): row 0 is class 2 (x3), row 1 class 1 (x2).
        Expect.Close((3 * Ln2 / 4 + 2 * 0.64 * Ln5) / 2, Value(new FocalLoss(new FocalOptions { Alpha = [1, 2, 3] })));
        // gamma 0 is cross-entropy: (ln 2 + ln 5) / 2.
        Expect.Close((Ln2 + Ln5) / 2, Value(new FocalLoss(new FocalOptions { Gamma = 0 })));
    }

    [Fact]
    public void Sigmoid_focal_follows_the_retinanet_formula_per_output()
    {
        // Per output with s = sigmoid(z): p_t = s for q = 1, 1 - s for q = 0; loss = alpha_t (1 - p_t)^2 BCE.
        static double Term(double z, double q)
        {
            var s = 1 / (1 + Math.Exp(-z));
            var bce = -(q * Math.Log(s) + (1 - q) * Math.Log(1 - s));
            var pT = q == 1 ? s : 1 - s;
            var alphaT = q == 1 ? 0.25 : 0.75;
            return alphaT * Math.Pow(1 - pT, 2) * bce;
        }
        var expected = Enumerable.Range(0, 6).Sum(i => Term(Logits[i], OneHot[i])) / 6;
        Expect.Close(expected, Value(new SigmoidFocalLoss(new SigmoidFocalOptions())), rtol: 1e-12);
    }

    [Fact]
    public void Dice_jaccard_and_tversky_use_the_soft_counts_per_class()
    {
        // Per class over the batch (p0 = (.25, .25, .5), p1 = (.6, .2, .2), q0 = e2, q1 = e1):
        //   class 0: TP 0,  sum p .85, sum q 0;  class 1: TP .2, sum p .45, sum q 1;  class 2: TP .5, sum p .7, sum q 1.
        // Dice (s = 1): 1/1.85, 1.4/2.45, 2/2.7.   Jaccard (s = 1): 1/1.85, 1.2/2.25, 1.5/2.2.
        Expect.Close(1 - (1 / 1.85 + 1.4 / 2.45 + 2 / 2.7) / 3, Value(new DiceLoss(new OverlapOptions())));
        Expect.Close(1 - (1 / 1.85 + 1.2 / 2.25 + 1.5 / 2.2) / 3, Value(new JaccardLoss(new OverlapOptions())));
        // Tversky alpha .3 beta .7 s 1: FP = sum p - TP = (.85, .25, .2), FN = sum q - TP = (0, .8, .5).
        //   T = 1/(0 + .255 + 0 + 1), 1.2/(.2 + .075 + .56 + 1), 1.5/(.5 + .06 + .35 + 1).
        var t = new[] { 1 / 1.255, 1.2 / 1.835, 1.5 / 1.91 };
        Expect.Close(1 - t.Average(), Value(new TverskyLoss(new TverskyOptions { Alpha = 0.3, Beta = 0.7 })));
        // Focal Tversky with the same index and gamma 0.75.
        Expect.Close(t.Average(x => Math.Pow(1 - x, 0.75)), Value(new FocalTverskyLoss(new TverskyOptions { Alpha = 0.3, Beta = 0.7 })));
    }

    [Fact]
    public void Tversky_with_half_and_half_is_dice()
    {
        // (TP + s) / (TP + (FP + FN) / 2 + s) = (2 TP + 2 s) / (sum p + sum q + 2 s): Dice with 2 s, Dice itself at s = 0.
        Expect.Close(Value(new DiceLoss(new OverlapOptions { Smooth = 0 })), Value(new TverskyLoss(new TverskyOptions { Smooth = 0 })));
        Expect.Close(Value(new DiceLoss(new OverlapOptions { Smooth = 2 })), Value(new TverskyLoss(new TverskyOptions { Smooth = 1 })));
    }

    [Fact]
    public void Poly1_gce_sce_and_baikal_match_their_formulas()
    {
        // poly1 eps 1: CE + mean(1 - p_t) = (ln2 + ln5)/2 + (1/2 + 4/5)/2.
        Expect.Close((Ln2 + Ln5) / 2 + 0.65, Value(new Poly1Loss(new Poly1Options())));
        Expect.Close((Ln2 + Ln5) / 2, Value(new Poly1Loss(new Poly1Options { Epsilon = 0 })));
        // gce q .7: ((1 - .5^.7) + (1 - .2^.7)) / .7 / 2.
        Expect.Close(((1 - Math.Pow(0.5, 0.7)) + (1 - Math.Pow(0.2, 0.7))) / 0.7 / 2, Value(new GceLoss(new GceOptions())));
        // sce alpha .1 beta 1: RCE = 4 (1 - p_y): 4 * .5 and 4 * .8 -> mean 2.6.
        Expect.Close(0.1 * (Ln2 + Ln5) / 2 + 2.6, Value(new SceLoss(new SceOptions())));
        // baikal eps 1e-7, as published: -(1/n) sum over the n = 3 classes of [ln(p_c + eps) - q_c / (p_c + eps)], mean over the 2 rows.
        double Row(double[] p, double[] q) => -Enumerable.Range(0, 3).Sum(c => Math.Log(p[c] + 1e-7) - q[c] / (p[c] + 1e-7));
        var classSum = (Row([0.25, 0.25, 0.5], [0, 0, 1]) + Row([0.6, 0.2, 0.2], [0, 1, 0])) / 2;
        Expect.Close(classSum / 3, Value(new BaikalLoss(new BaikalOptions())), rtol: 1e-10);
        Expect.Close(classSum, Value(new BaikalLoss(new BaikalOptions { Reduction = ClassReduction.Sum })), rtol: 1e-10);
        // By hand for row 0 (p = 1/4, 1/4, 1/2, label 2), eps aside: -(ln 1/4 + ln 1/4 + ln 1/2 - 2) = 5 ln 2 + 2, a third of it per class.
        Expect.Close((5 * Ln2 + 2) / 3, Value(new BaikalLoss(new BaikalOptions()), [0, 0, Ln2], [0, 0, 1], [2]), rtol: 1e-6);
    }

    [Fact]
    public void Combo_is_the_weighted_sum_of_its_terms()
    {
        var bce = Value(new BceLoss(new BceOptions()));
        var dice = Value(new DiceLoss(new OverlapOptions()));
        Expect.Close(bce + 0.5 * dice, Value(Combo("[ { bce: {}, weight: 1 }, { dice: {}, weight: 0.5 } ]")));
        // One term of weight 1 is that term.
        Expect.Close(Value(new FocalLoss(new FocalOptions { Gamma = 1 })), Value(Combo("[ { focal: { gamma: 1 } } ]")));
        var error = Assert.Throws<OptionsBindingException>(() => Combo("[ { bce: {}, dice: {} } ]"));
        Assert.Equal("entry.combo.terms[0]", error.OptionPath);
        Assert.Contains("name one plugin besides weight; got bce, dice", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_matches_central_finite_differences_in_float64(string name)
    {
        // Random logits and soft targets (labels = argmax of the targets, for losses that read labels);
        // each gradient element against (L(z + h e) - L(z - h e)) / 2h.
        const int n = 3, c = 3;
        const double h = 1e-6;
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var logits = Enumerable.Range(0, n * c).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var targets = new double[n * c];
        var labels = new long[n];
        for (var row = 0; row < n; row++)
        {
            var w = Enumerable.Range(0, c).Select(_ => random.NextDouble() + 0.1).ToArray();
            for (var k = 0; k < c; k++) targets[row * c + k] = w[k] / w.Sum();
            labels[row] = Array.IndexOf(w, w.Max());
        }
        var loss = Build[name]();
        double[] analytic;
        using (var scope = torch.NewDisposeScope())
        {
            var z = torch.tensor(logits, [n, c], requires_grad: true);
            loss.Compute(new LossInput(z, torch.tensor(labels), torch.tensor(targets, [n, c]), null, Start)).backward();
            analytic = Expect.Values(z.grad!);
        }
        var numeric = new double[n * c];
        for (var i = 0; i < n * c; i++)
        {
            var plus = (double[])logits.Clone();
            var minus = (double[])logits.Clone();
            plus[i] += h;
            minus[i] -= h;
            numeric[i] = (Value(loss, plus, targets, labels, c) - Value(loss, minus, targets, labels, c)) / (2 * h);
        }
        Expect.Close(numeric, analytic, rtol: 1e-6, atol: 1e-8, what: $"{name} gradient");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_and_gradients_stay_finite_for_logits_of_plus_minus_50(string name)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(new double[] { 50, -50, 0, -50, 50, -50, 0, 0, 50 }, [3, 3], requires_grad: true);
        var q = torch.tensor(new double[] { 0, 1, 0, 0, 1, 0, 1, 0, 0 }, [3, 3]);
        var value = Build[name]().Compute(new LossInput(z, torch.tensor(new long[] { 1, 1, 0 }), q, null, Start));
        value.backward();
        Assert.True(double.IsFinite(value.item<double>()), $"{name}: the loss is {value.item<double>()}");
        Assert.All(Expect.Values(z.grad!), g => Assert.True(double.IsFinite(g), $"{name}: a gradient is {g}"));
    }

    private static ComboLoss Combo(string terms) => new TestPluginFactory().Create<ILoss>($"{{ combo: {{ terms: {terms} }} }}") as ComboLoss
        ?? throw new InvalidOperationException("not a combo");
}
