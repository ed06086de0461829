using LossBench.Host.Plugins;
using LossBench.Host.Search;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;
using MathNet.Numerics;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests.Search;

/// <summary>
/// A graph's formula, printed by the search, is a formula the `expr` plugin reads, and the plugin
/// computes from it the loss the graph's own evaluation gives (the integrity check's values). Hand
/// cases are checked against closed forms worked out here in doubles.
/// </summary>
public sealed class ExprFormulaTests
{
    private const double Tiny = 1e-7;

    private static ILoss Expr(string formula) =>
        BuiltInCatalog.Build<ILoss>(LossBench.Sdk.Plugins.PluginKind.Loss, "expr", ConfigMapping.Of(("formula", formula)));

    /// <summary>
    /// The loss of one two-class sample of the toy in float64 through the plugin: logits log p, so the
    /// softmax gives p back; one-hot target class 1. It sums the per-class value over both classes.
    /// </summary>
    private static double ThroughThePlugin(ILoss loss, double x)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new[] { Math.Log(x), Math.Log(1 - x) }).reshape(1, 2);
        var targets = torch.tensor(new[] { 0.0, 1.0 }).reshape(1, 2);
        return loss.Compute(new LossInput(logits, torch.tensor(new long[] { 1 }), targets, null, new TrainingProgress(0, 1, 0, 1))).item<double>();
    }

    private static LossGraph Graph(params LossGraphNode[] operations) => new(ExprSpace.Space, operations);

    [Fact]
    public void Hand_worked_graphs_print_as_formulas_the_plugin_reads_and_both_give_the_closed_form()
    {
        var cases = new (string Formula, LossGraph Graph, Func<double, double, double> PerClass)[]
        {
            // Cross-entropy: 4 = log(p), 5 = y * 4, root = neg(5).
            ("neg((y * log(p)))",
                Graph(new("log", [1]), new("mul", [0, 4]), new("abs", [2]), new("exp", [3]), new("neg", [5])),
                (y, p) => -(y * Math.Log(p + Tiny))),
            // 4 = 1 - p, 5 = 4 * y, 6 = sqrt(|p|), 7 = safe_div(5, 6), root = max(7, -1).
            ("max(safe_div(((1 - p) * y), sqrt(p)), neg(1))",
                Graph(new("sub", [2, 1]), new("mul", [4, 0]), new("sqrt", [1]), new("safe_div", [5, 6]), new("max", [7, 3])),
                (y, p) => Math.Max((1 - p) * y / (Math.Sqrt(p) + Tiny), -1)),
            // 4 = erf(p), 5 = bessel_i0e(y), 6 = div_sqrt(4, 5), 7 = softplus(6), root = 7 * y.
            ("(softplus(div_sqrt(erf(p), bessel_i0e(y))) * y)",
                Graph(new("erf", [1]), new("bessel_i0e", [0]), new("div_sqrt", [4, 5]), new("softplus", [6]), new("mul", [7, 0])),
                (y, p) => Math.Log(Math.Exp(SpecialFunctions.Erf(p) / Math.Sqrt(1 + Math.Pow(SpecialFunctions.BesselI0(y) * Math.Exp(-Math.Abs(y)), 2))) + 1 + Tiny) * y),
            // 4 = y - p, 5 = bessel_i1(4), 6 = sigmoid(1), 7 = 5 / 6, root = 7 - 4.
            ("((bessel_i1((y - p)) / sigmoid(1)) - (y - p))",
                Graph(new("sub", [0, 1]), new("bessel_i1", [4]), new("sigmoid", [2]), new("div", [5, 6]), new("sub", [7, 4])),
                (y, p) => SpecialFunctions.BesselI1(y - p) * (1 + Math.Exp(-1)) - (y - p)),
        };
        foreach (var (formula, graph, perClass) in cases)
        {
            Assert.Null(graph.Problem());
            Assert.Equal(formula, graph.Formula());
            var loss = Expr(formula);
            var curve = graph.ToyCurve();
            foreach (var i in new[] { 0, 99, 499, 730, 999 })
            {
                var x = LossGraph.ToyX(i);
                // The toy: class 0 with y = 0 and p = x, class 1 with y = 1 and p = 1 - x.
                var expected = perClass(0, x) + perClass(1, 1 - x);
                var graphValue = graph.Evaluate(0, x) + graph.Evaluate(1, 1 - x);
                Assert.True(Math.Abs(graphValue - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"{formula} at x = {x}: the graph gives {graphValue:R}, by hand {expected:R}");
                Assert.True(Math.Abs(curve[i] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"{formula} at x = {x}: the toy curve gives {curve[i]:R}, by hand {expected:R}");
                var pluginValue = ThroughThePlugin(loss, x);
                Assert.True(Math.Abs(pluginValue - expected) <= 1e-9 * (1 + Math.Abs(expected)), $"{formula} at x = {x}: expr gives {pluginValue:R}, by hand {expected:R}");
            }
        }
    }

    [Fact]
    public void Random_graphs_print_as_formulas_the_plugin_reads_and_evaluate_through_it_to_the_graph_value()
    {
        var random = new SearchRandom(99);
        int[] points = [0, 100, 250, 499, 700, 999];
        var used = new HashSet<string>();
        for (var g = 0; g < 300; g++)
        {
            LossGraph graph;
            do graph = GraphMutator.RandomGraph(ExprSpace.Space, random);
            while (!IntegrityCheck.Check(graph).Accepted);
            var formula = graph.Formula();
            foreach (var node in graph.ActiveIds().Where(id => !LossGraph.IsLeaf(id))) used.Add(graph.Node(node).Function);
            var loss = Expr(formula);
            var curve = graph.ToyCurve();
            foreach (var i in points)
            {
                var value = ThroughThePlugin(loss, LossGraph.ToyX(i));
                Assert.True(Math.Abs(value - curve[i]) <= 1e-6 * (1 + Math.Abs(curve[i])), $"{formula} at x = {LossGraph.ToyX(i)}: expr gives {value}, the graph {curve[i]}");
            }
        }
        // Every function of the search space took part.
        Assert.Equal(ExprSpace.Space.Unary.Concat(ExprSpace.Space.Binary).Select(f => f.Name).Order(), used.Order());
    }

    [Fact]
    public void A_bessel_e_function_of_a_large_argument_is_finite_as_the_plugin_computes_it()
    {
        // bessel_i1e(safe_div(y, p)): at x = 0.9995 the right class has p = 0.0005, so the argument is
        // about 2000. I1(2000) overflows a double, but I1e = I1(x) e^-x is about 1/sqrt(2 pi x) there:
        // the check must see the finite value the plugin trains with, not inf * 0.
        var graph = Graph(new("safe_div", [0, 1]), new("bessel_i1e", [4]), new("abs", [2]), new("exp", [3]), new("neg", [5]));
        Assert.Equal("neg(bessel_i1e(safe_div(y, p)))", graph.Formula());
        var curve = graph.ToyCurve();
        Assert.All(curve, value => Assert.True(double.IsFinite(value)));
        var argument = 1 / (0.0005 + Tiny);
        // Asymptotic series of I1(x) e^-x: (1 - 3/(8x) - 15/(128x^2)) / sqrt(2 pi x), the next term below 1e-10 relative here.
        var expected = -(1 - 3 / (8 * argument) - 15 / (128 * argument * argument)) / Math.Sqrt(2 * Math.PI * argument);
        Assert.Equal(expected, curve[999], 9);
        Assert.Equal(curve[999], ThroughThePlugin(Expr(graph.Formula()), LossGraph.ToyX(999)), 9);
        Assert.DoesNotContain("not finite", IntegrityCheck.Check(graph).Rejection ?? "", StringComparison.Ordinal);
    }
}
