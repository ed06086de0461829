using System.Globalization;
using LossBench.Plugins.Losses.Expressions;
using LossBench.Tests.Fuzz;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Seeded fuzzing of the formula language: a random formula (token soup, deep nesting, long chains,
/// unbalanced parentheses, valid trees and valid trees with one token changed) either parses or
/// throws <see cref="ExprParseException"/>; a parsed one prints to text that parses back to the same
/// tree, and evaluates on tensors without throwing. Any other outcome fails with the formula.
/// </summary>
public sealed class ExprFuzzTests
{
    private const int DefaultSeed = 20_251_207;

    [Fact]
    public void Random_formulas_parse_round_trip_and_evaluate_or_are_refused_with_a_column()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_CASES"), CultureInfo.InvariantCulture, out var c) ? c : 3000;
        var random = new Random(seed + 4);
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(new[] { 0.5, -2.0, 3.0, 0.0, 1.0, -1.0 }, [2, 3]);
        var variables = new Dictionary<string, Tensor>
        {
            ["z"] = z, ["p"] = torch.nn.functional.softmax(z, 1), ["y"] = torch.tensor(new[] { 0.0, 0.0, 1.0, 1.0, 0.0, 0.0 }, [2, 3]),
            ["b"] = torch.full([2, 3], 1.0 / 3, dtype: ScalarType.Float64),
        };
        var parsed = 0;
        for (var i = 0; i < count; i++)
        {
            var (kind, formula) = BenchmarkMutator.Formula(random);
            string Case() => $"case {i} (seed {seed + 4}): {kind}\n{(formula.Length <= 2000 ? formula : formula[..2000] + $"... ({formula.Length} characters)")}";
            ExprNode node;
            try
            {
                node = ExprParser.Parse(formula);
            }
            catch (ExprParseException e)
            {
                Assert.True(e.Column >= 1 && e.Column <= formula.Length + 1, $"column {e.Column} outside the formula: {Case()}");
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"not an ExprParseException: {e}\n{Case()}");
                throw;
            }
            parsed++;
            var printed = node.ToString();
            Assert.True(node.Equals(ExprParser.Parse(printed)), $"prints as {printed}, which parses to another tree: {Case()}");
            using var step = torch.NewDisposeScope();
            try
            {
                ExprCompiler.Evaluate(node, variables);
            }
            catch (Exception e)
            {
                Assert.Fail($"evaluation threw: {e}\n{Case()}");
            }
        }
        Assert.True(parsed >= count / 10, $"only {parsed} of {count} formulas parsed");
    }
}
