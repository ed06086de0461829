using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

public sealed class LossGraphTests
{
    /// <summary>Cross-entropy as a graph: 4 = log(p), 5 = y * 4, root = neg(5); 6 and 7 unused.</summary>
    internal static LossGraph CrossEntropy() => new(ExprSpace.Space, [
        new("log", [1]), new("mul", [0, 4]), new("abs", [2]), new("exp", [3]), new("neg", [5])]);

    [Fact]
    public void Cross_entropy_prints_as_the_expr_plugin_does_and_has_three_active_nodes()
    {
        var graph = CrossEntropy();
        Assert.Equal("neg((y * log(p)))", graph.Formula());
        Assert.Equal(3, graph.Size);
        Assert.Equal([0, 1, 4, 5, 8], graph.ActiveIds());
        Assert.Null(graph.Problem());
    }

    [Fact]
    public void The_toy_curve_of_cross_entropy_is_minus_the_protected_log_of_the_true_class()
    {
        // Class 0: y = 0 contributes -0 * ln(x + 1e-7) = 0; class 1: -ln(1 - x + 1e-7).
        var curve = CrossEntropy().ToyCurve();
        for (var i = 0; i < 1000; i += 37)
        {
            var x = (i + 0.5) / 1000;
            Assert.Equal(-Math.Log(1 - x + 1e-7), curve[i], 12);
        }
    }

    [Fact]
    public void A_graph_whose_active_part_misses_y_or_p_or_reads_forward_is_invalid()
    {
        var noY = new LossGraph(ExprSpace.Space, [new("log", [1]), new("mul", [0, 4]), new("abs", [2]), new("exp", [3]), new("neg", [4])]);
        Assert.Equal("the active graph does not read y", noY.Problem());
        var noP = new LossGraph(ExprSpace.Space, [new("log", [1]), new("mul", [0, 2]), new("abs", [2]), new("exp", [3]), new("neg", [5])]);
        Assert.Equal("the active graph does not read p", noP.Problem());
        var forward = new LossGraph(ExprSpace.Space, [new("log", [5]), new("mul", [0, 1]), new("abs", [2]), new("exp", [3]), new("neg", [4])]);
        Assert.Contains("reads a node that is not before it", forward.Problem());
        var arity = new LossGraph(ExprSpace.Space, [new("log", [0, 1]), new("mul", [0, 1]), new("abs", [2]), new("exp", [3]), new("neg", [5])]);
        Assert.Contains("takes 1", arity.Problem());
    }

    [Fact]
    public void Constants_print_as_the_parsed_constants_of_the_formula_language()
    {
        // root = (1 - p) * y with the -1 leaf: ((1 + neg(1)) ...) checks both constants' spelling.
        var graph = new LossGraph(ExprSpace.Space, [new("add", [2, 3]), new("sub", [2, 1]), new("mul", [5, 0]), new("exp", [3]), new("add", [6, 4])]);
        Assert.Equal("(((1 - p) * y) + (1 + neg(1)))", graph.Formula());
        Assert.Equal((1 - 0.3) * 1 + 0, graph.Evaluate(1, 0.3), 12);
    }
}
