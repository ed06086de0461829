using LossBench.Plugins.Losses;
using LossBench.Plugins.Losses.Expressions;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

public sealed class ExprLossTests
{
    private static readonly TrainingProgress Start = new(0, 1, 0, 1);
    private static readonly double[] Logits = [0, 0, Math.Log(2), Math.Log(3), 0, 0];
    private static readonly double[] OneHot = [0, 0, 1, 0, 1, 0];

    private static (double Value, double[] Gradient) Run(ILoss loss, double[]? logits = null, bool float32 = false)
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(logits ?? Logits, [2, 3]);
        var targets = torch.tensor(OneHot, [2, 3]);
        if (float32)
        {
            z = z.to(ScalarType.Float32);
            targets = targets.to(ScalarType.Float32);
        }
        z.requires_grad_();
        var value = loss.Compute(new LossInput(z, torch.tensor(new long[] { 2, 1 }), targets, null, Start));
        if (!value.requires_grad) return (value.item<double>(), []); // a constant formula
        value.backward();
        return (value.item<double>(), Expect.Values(z.grad!));
    }

    private static ExprLoss Expr(string formula) => new(new ExprOptions { Formula = formula });

    [Fact]
    public void The_cross_entropy_formula_equals_cross_entropy_in_value_and_gradient()
    {
        // -y log(|p| + 1e-7) differs from -y log p by at most 1e-7 / p_t relative: p_t >= 1/5 here.
        var (ce, ceGradient) = Run(new CrossEntropyLoss(new CrossEntropyOptions()));
        var (expr, exprGradient) = Run(Expr("-y * log(p)"));
        Expect.Close((Math.Log(2) + Math.Log(5)) / 2, ce);
        Expect.Close(ce, expr, rtol: 1e-6);
        Expect.Close(ceGradient, exprGradient, rtol: 1e-5, atol: 1e-7);
    }

    [Fact]
    public void Formulas_follow_precedence_and_the_protected_functions()
    {
        // 1 + 2 * 3 - -4 / 2 = 9 per class -> 27 per sample after the class sum, mean 27.
        Expect.Close(27, Run(Expr("1 + 2 * 3 - -4 / 2")).Value);
        // square(p) summed over classes: row 0 = 1/16 + 1/16 + 1/4 = 0.375; row 1 = 9/25 + 1/25 + 1/25 = 0.44.
        Expect.Close((0.375 + 0.44) / 2, Run(Expr("square(p)")).Value);
        // safe_div(y, p): y/(p + 1e-7) is 1/(1/2 + 1e-7) and 1/(1/5 + 1e-7) on the label.
        Expect.Close((1 / (0.5 + 1e-7) + 1 / (0.2 + 1e-7)) / 2, Run(Expr("safe_div(y, p)")).Value);
        // bessel_i0(0) = 1 for the 3 zero logits of row 0... checked on z directly: i0(0) = 1, i0(ln 2) = 1.1242...
        Expect.Close(1, Run(Expr("bessel_i0(z - z)")).Value / 3);
        // max(y, p) on row 0 = (1/4, 1/4, 1) -> 1.5; row 1 = (3/5, 1, 1/5) -> 1.8.
        Expect.Close(1.65, Run(Expr("max(y, p)")).Value);
    }

    [Fact]
    public void Reduction_mean_divides_the_class_sum_by_the_class_count()
    {
        // square(p) on the 3 classes: row 0 p = (1/4, 1/4, 1/2): 1/16 + 1/16 + 1/4 = 0.375; row 1 p = (3/5, 1/5, 1/5):
        // 9/25 + 1/25 + 1/25 = 0.44. Sum over classes, mean over rows: 0.4075; mean over classes: 0.4075 / 3.
        Expect.Close(0.4075, Run(new ExprLoss(new ExprOptions { Formula = "square(p)", Reduction = ClassReduction.Sum })).Value);
        Expect.Close(0.4075 / 3, Run(new ExprLoss(new ExprOptions { Formula = "square(p)", Reduction = ClassReduction.Mean })).Value);
        // The default is the sum: -y log p then stays cross-entropy, (ln 2 + ln 5) / 2.
        Expect.Close((Math.Log(2) + Math.Log(5)) / 2, Run(Expr("-y * log(p)")).Value, rtol: 1e-6);
        // A constant broadcasts over the classes either way: 2 per class is 6 summed, 2 averaged.
        Expect.Close(2, Run(new ExprLoss(new ExprOptions { Formula = "2", Reduction = ClassReduction.Mean })).Value);
        var bound = OptionsBinder.Bind<ExprOptions>(ConfigMapping.Of(("formula", "y"), ("reduction", "mean")), "losses[0].expr");
        Assert.Equal(ClassReduction.Mean, bound.Reduction);
    }

    [Fact]
    public void Every_function_is_finite_with_a_finite_gradient_at_logits_of_50()
    {
        // In float32, the training dtype: softmax across a 100-wide logit gap is a denormal (3.7e-44),
        // whose plain reciprocal (2.7e43) overflows float32, so only the guarded forms stay finite.
        foreach (var name in ExprFunctions.Unary.Keys)
        {
            // No logit exactly 0: sqrt(|x|) has an infinite slope there, as its definition says.
            var (value, gradient) = Run(Expr($"{name}(z) + {name}(p) + {name}(y)"), [50, -50, 1, -50, 50, -50], float32: true);
            Assert.True(double.IsFinite(value), $"{name}: value {value}");
            Assert.All(gradient, g => Assert.True(double.IsFinite(g), $"{name}: gradient {g}"));
        }
    }

    [Fact]
    public void Parse_errors_name_the_column_and_unknown_names_list_the_known_ones()
    {
        var unclosed = Assert.Throws<ExprParseException>(() => ExprParser.Parse("-y * log(p"));
        Assert.Equal(11, unclosed.Column);
        Assert.Contains("missing ')' for the '(' at column 6", unclosed.Message);

        var unknown = Assert.Throws<ExprParseException>(() => ExprParser.Parse("-y * lgo(p)"));
        Assert.Equal(6, unknown.Column);
        Assert.Contains("unknown function 'lgo' (did you mean 'log'?)", unknown.Message);
        Assert.Contains("bessel_i0e", unknown.Message);

        var variable = Assert.Throws<ExprParseException>(() => ExprParser.Parse("q * p"));
        Assert.Equal(1, variable.Column);
        Assert.Contains("the variables are y, p, z, b", variable.Message);

        var arity = Assert.Throws<ExprParseException>(() => ExprParser.Parse("max(p)"));
        Assert.Contains("max takes 2 arguments, got 1", arity.Message);

        var binding = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<ExprOptions>(ConfigMapping.Of(("formula", "y * (p")), "losses[0].expr"));
        Assert.Equal("losses[0].expr.formula", binding.OptionPath);
        Assert.Contains("column 7", binding.Message);
    }

    [Fact]
    public void A_number_beyond_the_largest_double_is_refused_rather_than_read_as_infinity()
    {
        // 1e400 would read as +infinity, whose canonical form "Infinity" is not a formula: found by ExprFuzzTests.
        var error = Assert.Throws<ExprParseException>(() => ExprParser.Parse("y * 1e400"));
        Assert.Equal(5, error.Column);
        Assert.Contains("'1e400' is too large for a number", error.Message);
        // The largest double and numbers that round to 0 are numbers like any other.
        Assert.Equal("(y * 1.7976931348623157E+308)", ExprParser.Parse("y * 1.7976931348623157e308").ToString());
        Assert.Equal("(y * 0)", ExprParser.Parse("y * 1e-400").ToString());
    }

    [Fact]
    public void The_canonical_form_parenthesises_every_operation()
    {
        Assert.Equal("(neg(y) * log(p))", ExprParser.Parse("-y*log( p )").ToString());
        Assert.Equal("((1 + (2 * y)) - safe_div(p, 0.5))", ExprParser.Parse("1 + 2 * y - safe_div(p, .5)").ToString());
        Assert.Equal(ExprParser.Parse("(y)*(p)"), ExprParser.Parse("y * p"));
        Assert.True(ExprLoss.TraitsOf(new ExprOptions { Formula = "b * p" }).NeedsBiasModel);
        Assert.False(ExprLoss.TraitsOf(new ExprOptions { Formula = "y * p" }).NeedsBiasModel);
    }
}
