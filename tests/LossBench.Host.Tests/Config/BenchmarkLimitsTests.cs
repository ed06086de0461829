using System.Globalization;
using LossBench.Host.Config;
using static LossBench.Host.Tests.Config.ConfigText;

namespace LossBench.Host.Tests.Config;

/// <summary>
/// Hostile benchmark files: what could exhaust the stack, memory or time is refused when the file is
/// read, with an error at the place that crosses the limit, never a crash.
/// </summary>
public sealed class BenchmarkLimitsTests
{
    private const string Data = "datasets: [mnist-10k]\nmodels: [mlp]\n";

    private static string Numbers(int count, Func<int, double> value) =>
        "[" + string.Join(", ", Enumerable.Range(0, count).Select(i => value(i).ToString("R", CultureInfo.InvariantCulture))) + "]";

    [Theory]
    // 15,000 nested parentheses used to end `plan` with a stack overflow in the parser; the 201st '(' is at column 201.
    [InlineData(15_000, "(", "y", ")", 201)]
    // 20,000 unary minus signs passed `plan` and ended `run` with a stack overflow in the evaluator at the first step.
    [InlineData(20_000, "-", "y", "", 201)]
    // Nested calls: the 201st exp( starts at column 4 x 200 + 1.
    [InlineData(300, "exp(", "y", ")", 801)]
    public void AFormulaNestedTooDeeplyIsAnOptionErrorOfTheLoss(int levels, string open, string inner, string close, int column)
    {
        var formula = string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));
        var error = Fails(Data + "losses:\n  - expr: { formula: \"" + formula + "\" }\n");
        Assert.Equal("losses[0].expr.formula", error.ConfigPath);
        Assert.Equal(4, error.Location?.Line);
        Assert.Contains($"column {column}: the formula nests deeper than 200 levels here", error.Problem);
        // The formula is quoted by its start, not echoed whole.
        Assert.Contains($"... ({formula.Length} characters)", error.Problem);
        Assert.True(error.Problem.Length < 600, error.Problem);
    }

    [Fact]
    public void AMatrixOfMoreThanAHundredThousandCellsIsRefusedBeforeItIsPlanned()
    {
        // 1,001 losses x 100 seeds = 100,100 cells.
        var error = Fails(Data + "losses:\n  - cross-entropy: { label-smoothing: " + Numbers(1001, i => i / 10_000.0) + " }\n" +
                          "seeds: [" + string.Join(", ", Enumerable.Range(0, 100)) + "]\n");
        Assert.Equal("the matrix is 1 datasets x 1 models x 1001 losses x 1 augmentations x 100 seeds = 100,100 cells, " +
                     "more than the 100,000 a benchmark may plan; sweep fewer values or split it into several benchmarks", error.At(1, 1, ""));
    }

    [Fact]
    public void AnAxisOfMoreThanTenThousandValuesIsRefusedAtTheValueThatCrossesIt()
    {
        // Each entry's sweep is within the per-entry cap; together they give 5,000 + 5,001 values. Line 5 holds
        // the focal entry, which starts at column 5 (after "  - "); its last value is the 10,001st.
        var error = Fails(Data + "losses:\n  - cross-entropy: { label-smoothing: " + Numbers(5000, i => i / 10_000.0) + " }\n" +
                          "  - focal: { gamma: " + Numbers(5001, i => i / 1000.0) + " }\n");
        Assert.Equal("losses has more than 10000 values (entries and their sweeps together); sweep fewer values or split the benchmark", error.At(5, 5, "losses[1]"));
    }

    [Theory]
    // 2^14 = 16,384 combinations; 2^40 could not be built at all before the count was checked.
    [InlineData(14)]
    [InlineData(40)]
    public void SweepsInsideAListAreCountedBeforeTheirProductIsBuilt(int terms)
    {
        // "  - combo: { terms: " is 20 characters: the list starts at column 21 of line 4.
        var error = Fails(Data + "losses:\n  - combo: { terms: [" + string.Join(", ", Enumerable.Repeat("{ focal: { gamma: [1, 2] }, weight: 1 }", terms)) + "] }\n");
        Assert.Equal("the sweeps inside this list give more than 10000 combinations; sweep fewer options or values", error.At(4, 21, "losses[0].combo.terms"));
    }
}
