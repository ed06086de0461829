using System.Reflection;
using LossBench.Plugins.Losses;
using LossBench.Plugins.Losses.Expressions;
using LossBench.Sdk.Expressions;
using LossBench.Torch;
using MathNet.Numerics;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The `expr` plugin's language as the SDK contract (what the host's loss search uses): the functions
/// of its table in order, printed as the parser reads them back, and valued as their closed forms,
/// worked out here in doubles.
/// </summary>
public sealed class ExprLanguageTests
{
    private static readonly ExprLanguage Language = new();

    [Fact]
    public void The_expr_plugin_declares_its_language()
    {
        var attribute = typeof(ExprLoss).GetCustomAttribute<ExpressionLanguageAttribute>();
        Assert.NotNull(attribute);
        Assert.Equal(typeof(ExprLanguage), attribute.LanguageType);
    }

    [Fact]
    public void The_language_lists_each_function_of_the_table_once_in_its_order_with_the_operators_symbols()
    {
        Assert.Equal(ExprFunctions.All.Select(f => (f.Name, f.Arity)), Language.Functions.Select(f => (f.Name, f.Arity)));
        Assert.Equal(Language.Functions.Count, Language.Functions.Select(f => f.Name).Distinct().Count());
        Assert.Equal(27, Language.Functions.Count(f => f.Arity == 1));
        Assert.Equal(8, Language.Functions.Count(f => f.Arity == 2));
        Assert.Equal([("add", "+"), ("sub", "-"), ("mul", "*"), ("div", "/")],
            Language.Functions.Where(f => f.Operator is not null).Select(f => (f.Name, f.Operator!)));
        // What a formula may call is the rest, as the parser says.
        Assert.Equal(ExprFunctions.CallableNames, Language.Functions.Where(f => f.Operator is null).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_function_formats_to_a_formula_that_parses_back_to_it_and_prints_the_same()
    {
        foreach (var function in Language.Functions)
        {
            string[] arguments = function.Arity == 1 ? ["(y + p)"] : ["log(p)", "neg(y)"];
            var text = Language.Format(function.Name, arguments);
            var parsed = Assert.IsType<ExprCall>(ExprParser.Parse(text));
            Assert.Equal(function.Name, parsed.Function);
            Assert.Equal(text, parsed.ToString());
        }
        Assert.Equal("(y - p)", Language.Format("sub", ["y", "p"]));
        Assert.Equal("safe_div(y, p)", Language.Format("safe_div", ["y", "p"]));
        Assert.Equal("neg(1)", Language.Format("neg", ["1"]));
    }

    /// <summary>Each function's definition, written out in doubles (MathNet for erf and the Bessel functions).</summary>
    private static double ClosedForm(string name, double a, double b = double.NaN)
    {
        const double tiny = 1e-7;
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        return name switch
        {
            "neg" => -a,
            "log" => Math.Log(Math.Abs(a) + tiny),
            "log10" => Math.Log10(Math.Abs(a) + tiny),
            "exp" => Math.Exp(a),
            "abs" => Math.Abs(a),
            "sigmoid" => Sigmoid(a),
            "recip1p_abs" => 1 / (1 + Math.Abs(a)),
            "softplus" => Math.Log(Math.Abs(1 + Math.Exp(a)) + tiny),
            "erf" => SpecialFunctions.Erf(a),
            "erfc" => SpecialFunctions.Erfc(a),
            "sin" => Math.Sin(a),
            "sinh" => Math.Sinh(a),
            "asinh" => Math.Asinh(a),
            "tanh" => Math.Tanh(a),
            "atan" => Math.Atan(a),
            "reciprocal" => 1 / (a + tiny),
            "bessel_i0" => SpecialFunctions.BesselI0(a),
            "bessel_i0e" => SpecialFunctions.BesselI0(a) * Math.Exp(-Math.Abs(a)),
            "bessel_i1" => SpecialFunctions.BesselI1(a),
            "bessel_i1e" => SpecialFunctions.BesselI1(a) * Math.Exp(-Math.Abs(a)),
            "relu" => Math.Max(a, 0),
            "min0" => Math.Min(a, 0),
            "square" => a * a,
            "sqrt" => Math.Sqrt(Math.Abs(a)),
            "softsign" => a / (Math.Abs(a) + 1),
            "dtanh" => 1 - Math.Tanh(a) * Math.Tanh(a),
            "dsigmoid" => Sigmoid(a) * (1 - Sigmoid(a)),
            "add" => a + b,
            "sub" => a - b,
            "mul" => a * b,
            "div" => a / b,
            "max" => Math.Max(a, b),
            "min" => Math.Min(a, b),
            "safe_div" => a / (b + tiny),
            "div_sqrt" => a / Math.Sqrt(1 + b * b),
            _ => throw new ArgumentException(name),
        };
    }

    [Fact]
    public void Apply_gives_each_functions_closed_form_in_float64()
    {
        double[] xs = [-2.5, -0.3, 0.0, 0.7, 3.0];
        double[] ys = [0.5, -1.5, 2.0, -0.2, 1.0];
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(xs);
        var y = torch.tensor(ys);
        foreach (var function in Language.Functions)
        {
            var value = Language.Apply(function.Name, function.Arity == 1 ? [x] : [x, y]);
            Assert.Equal(ScalarType.Float64, value.dtype);
            var actual = value.ToArray<double>();
            for (var i = 0; i < xs.Length; i++)
            {
                var expected = ClosedForm(function.Name, xs[i], ys[i]);
                Assert.True(Math.Abs(actual[i] - expected) <= 1e-12 * (1 + Math.Abs(expected)),
                    $"{function.Name} at {xs[i]}, {ys[i]}: {actual[i]:R}, expected {expected:R}");
            }
        }
    }

    [Fact]
    public void Apply_keeps_the_dtype_and_broadcasts_a_scalar()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2, 3 });
        var sum = Language.Apply("add", [x, torch.tensor(-1.0, ScalarType.Float32)]);
        Assert.Equal(ScalarType.Float32, sum.dtype);
        Assert.Equal([0f, 1f, 2f], sum.ToArray<float>());
    }

    [Fact]
    public void Unknown_functions_and_wrong_arities_are_refused_by_name()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 });
        Assert.Contains("'lgo' is not a function of the expr language", Assert.Throws<ArgumentException>(() => Language.Apply("lgo", [x])).Message);
        Assert.Contains("max takes 2 arguments, got 1", Assert.Throws<ArgumentException>(() => Language.Apply("max", [x])).Message);
        Assert.Contains("log takes 1 argument, got 2", Assert.Throws<ArgumentException>(() => Language.Format("log", ["y", "p"])).Message);
        Assert.Throws<ArgumentException>(() => Language.Format("nosuch", ["y"]));
    }
}
