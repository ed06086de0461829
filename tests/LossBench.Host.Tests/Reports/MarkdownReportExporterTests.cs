using LossBench.Host.Reports;
using LossBench.Host.Results;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class MarkdownReportExporterTests
{
    [Fact]
    public void TheTwoByTwoExampleIsExactlyAsWrittenByHand()
    {
        // Means, stds and intervals of ReportCells.TwoByTwo rounded to 3 digits; the none difference's
        // interval [0.0051586, 0.0548414] excludes 0 (*), the flip one [-0.1038375, 0.1238375] does not.
        var expected = """
            ### clean.accuracy (dataset=mnist-10k, model=mlp)

            mean ± std (n) over seeds; rows: loss, columns: augmentation

            | loss | none | flip |
            |---|---:|---:|
            | ce | 0.850 ± 0.050 (n=3) | 0.750 ± 0.050 (n=3) |
            | focal | 0.880 ± 0.060 (n=3) | 0.760 ± 0.040 (n=3) |

            paired difference to ce (same seed), mean [95% t-interval]; * = the interval excludes 0

            | loss | none | flip |
            |---|---:|---:|
            | ce | baseline | baseline |
            | focal | +0.030 [+0.005, +0.055] * | +0.010 [-0.104, +0.124] |


            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, MarkdownReportExporter.Export(Build(TwoByTwo(), Settings(digits: 3))));
    }

    [Fact]
    public void LostSeedsAreSpelledOutAndPipesInLabelsEscaped()
    {
        // ce: 0.5, 0.7 -> 0.60 ± 0.14; focal seed 0 ok 0.6, seed 1 diverged, seed 2 failed -> 0.60, no std, n=1 of 3;
        // difference seed 0 only: 0.6 - 0.5 = +0.10, no interval. x|y only diverged: no value, no difference.
        var cells = new[]
        {
            Cell("ce", 0, 0.5), Cell("ce", 1, 0.7),
            Cell("focal", 0, 0.6), Cell("focal", 1, null, CellStatus.Diverged), Cell("focal", 2, null, CellStatus.Failed),
            Cell("x|y", 0, null, CellStatus.Diverged),
        };
        var expected = """
            ### clean.accuracy (dataset=mnist-10k, model=mlp)

            mean ± std (n) over seeds; rows: loss, columns: augmentation

            | loss | none |
            |---|---:|
            | ce | 0.60 ± 0.14 (n=2) |
            | focal | 0.60 ± - (n=1 of 3, 1 diverged, 1 failed) |
            | x\|y | - (n=0 of 1, 1 diverged) |

            paired difference to ce (same seed), mean [95% t-interval]; * = the interval excludes 0

            | loss | none |
            |---|---:|
            | ce | baseline |
            | focal | +0.10 |
            | x\|y | - |


            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, MarkdownReportExporter.Export(Build(cells, Settings(digits: 2))));
    }

    [Fact]
    public void AValueThatRoundsToZeroHasNoSign()
    {
        // focal - ce per seed: -0.00001 and 0 -> mean -0.000005, "0.0000" at 4 digits (not "-0.0000", nor "+0.0000");
        // the interval, mean -/+ 12.7062 * 0.0000070711 / sqrt(2) = [-0.0000685, 0.0000585], keeps its signs.
        // neg: a metric of -0.00001 and -0.00002 has the mean -0.000015, also "0.0000".
        var cells = new[]
        {
            Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.49999), Cell("focal", 1, 0.6),
            Cell("neg", 0, -0.00001), Cell("neg", 1, -0.00002),
        };
        var text = MarkdownReportExporter.Export(Build(cells, Settings(digits: 4)));
        Assert.DoesNotContain("-0.0000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+0.0000", text, StringComparison.Ordinal);
        Assert.Contains("| focal | 0.0000 [-0.0001, +0.0001] |\n", text, StringComparison.Ordinal);
        Assert.Contains("| neg | 0.0000 ± 0.0000 (n=2) |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutABaselineThereIsNoDifferenceTable()
    {
        var text = MarkdownReportExporter.Export(Build(TwoByTwo(), Settings(baseline: null)));
        Assert.DoesNotContain("paired difference", text, StringComparison.Ordinal);
        Assert.DoesNotContain("baseline", text, StringComparison.Ordinal);
        Assert.Contains("| focal | 0.8800 ± 0.0600 (n=3) | 0.7600 ± 0.0400 (n=3) |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExcludedCombinationIsAnEmptyTableCell()
    {
        var text = MarkdownReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("ce", 0, 0.6, augmentation: "flip"), Cell("focal", 0, 0.7)], Settings(baseline: null, digits: 1)));
        Assert.Contains("| focal | 0.7 ± - (n=1) |  |\n", text, StringComparison.Ordinal);
    }
}
