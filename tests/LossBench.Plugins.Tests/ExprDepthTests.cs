using LossBench.Plugins.Losses;
using LossBench.Plugins.Losses.Expressions;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Formulas nested past <see cref="ExprParser.MaxDepth"/> are parse errors with a column: the parser,
/// printer and evaluator recurse, and a stack overflow would end the process instead of failing one loss.
/// </summary>
public sealed class ExprDepthTests
{
    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static ExprParseException Refused(string formula)
    {
        var error = Assert.Throws<ExprParseException>(() => ExprParser.Parse(formula));
        Assert.Contains("the formula nests deeper than 200 levels here", error.Message);
        return error;
    }

    [Fact]
    public void Deep_parentheses_unary_signs_and_calls_are_refused_at_the_level_that_crosses_the_bound()
    {
        // The k-th '(' or sign is at column k; the 201st crosses the bound.
        Assert.Equal(201, Refused(Repeat("(", 15_000) + "y" + Repeat(")", 15_000)).Column);
        Assert.Equal(201, Refused(Repeat("-", 20_000) + "y").Column);
        Assert.Equal(201, Refused(Repeat("+", 20_000) + "y").Column);
        Assert.Equal(201, Refused(Repeat("-(", 150) + "y" + Repeat(")", 150)).Column); // signs and parentheses count alike
        // "exp(" is 4 characters: the 201st call starts at column 801.
        Assert.Equal(801, Refused(Repeat("exp(", 300) + "y" + Repeat(")", 300)).Column);
    }

    [Fact]
    public void A_long_chain_of_operators_is_as_deep_as_its_tree()
    {
        // y+y+...: the k-th '+' (column 2k) makes the tree k deep, so the 201st, at column 402, is refused.
        Assert.Equal(402, Refused(string.Join("+", Enumerable.Repeat("y", 100_000))).Column);
        Assert.Equal(402, Refused(string.Join("*", Enumerable.Repeat("p", 300))).Column);
        // 200 terms is a tree 199 deep.
        var sum = ExprParser.Parse(string.Join("+", Enumerable.Repeat("y", 200)));
        Assert.StartsWith(Repeat("(", 199) + "y + y)", sum.ToString());
    }

    [Fact]
    public void A_formula_at_the_bound_parses_prints_and_evaluates()
    {
        // 200 minus signs: 200 levels, the deepest allowed; (-1)^200 y is y.
        var node = ExprParser.Parse(Repeat("-", 200) + "y");
        Assert.Equal(Repeat("neg(", 200) + "y" + Repeat(")", 200), node.ToString());
        Assert.Equal(["y"], node.Variables().Distinct());
        Assert.Equal(node, ExprParser.Parse(Repeat(" - ", 200) + " y "));
        // Parentheses around it are one level more.
        Assert.Equal(201, Refused(Repeat("-", 200) + "(y)").Column);

        using var scope = torch.NewDisposeScope();
        var y = torch.tensor(new[] { 0.25, -3.0, 7.5 }, [1, 3]);
        var value = ExprCompiler.Evaluate(node, new Dictionary<string, Tensor> { ["z"] = y, ["y"] = y, ["p"] = y });
        Assert.Equal([0.25, -3.0, 7.5], Expect.Values(value));

        // 200 nested parentheses around y are 200 levels of the parser (the tree is y alone); one more is refused.
        Assert.Equal("y", ExprParser.Parse(Repeat("(", 200) + "y" + Repeat(")", 200)).ToString());
        Assert.Equal(201, Refused(Repeat("(", 201) + "y" + Repeat(")", 201)).Column);
    }

    [Fact]
    public void A_tree_built_deeper_than_the_stack_allows_throws_instead_of_ending_the_process()
    {
        // Only the parser builds trees in the tool; one built by hand past what the stack holds is an exception.
        ExprNode node = new ExprVariable("y");
        for (var i = 0; i < 1_000_000; i++) node = new ExprCall("neg", [node]);
        using var scope = torch.NewDisposeScope();
        var y = torch.tensor(new[] { 1.0 }, [1, 1]);
        Assert.Throws<InsufficientExecutionStackException>(() => ExprCompiler.Evaluate(node, new Dictionary<string, Tensor> { ["z"] = y, ["y"] = y }));
    }

    [Fact]
    public void The_options_report_a_deep_formula_as_an_error_of_the_formula_option_quoting_only_its_start()
    {
        var formula = Repeat("(", 15_000) + "y" + Repeat(")", 15_000);
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<ExprOptions>(ConfigMapping.Of(("formula", formula)), "losses[0].expr"));
        Assert.Equal("losses[0].expr.formula", error.OptionPath);
        Assert.Equal($"'{Repeat("(", 100)}... (30001 characters)': column 201: the formula nests deeper than 200 levels here " +
                     "(each parenthesis, function call, unary sign and operator in a chain is a level); write it with fewer", error.Problem);
    }
}
