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
        // interval [0.0051586, 0.0548414] excludes 0 and its p 0.0351 is below 0.05, but Holm over the
        // table's 2 comparisons makes it 0.0702: no *. No seed warning with 3 seeds. The smallest detectable
        // difference (ReportBuilderTests): 0.0864325 at the median paired sd 0.0279129, 3 pairs.
        var expected = """
            ### clean.accuracy (dataset=mnist-10k, model=mlp)

            mean ± std (n) over seeds; rows: loss, columns: augmentation

            | loss | none | flip |
            |---|---:|---:|
            | ce | 0.850 ± 0.050 (n=3) | 0.750 ± 0.050 (n=3) |
            | focal | 0.880 ± 0.060 (n=3) | 0.760 ± 0.040 (n=3) |

            paired difference to ce (same seed), mean [95% t-interval over seeds]; * = Holm-adjusted p < 0.05 over the 2 comparisons of this table (paired t-test)

            | loss | none | flip |
            |---|---:|---:|
            | ce | baseline | baseline |
            | focal | +0.030 [+0.005, +0.055] | +0.010 [-0.104, +0.124] |

            smallest difference this design detects (two-sided paired t-test, alpha 0.05, power 0.8): 0.086 = (t_0.975,2 + t_0.8,2) x sd 0.028 (the median paired sd of the 2 comparisons) / sqrt(3 pairs)


            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, MarkdownReportExporter.Export(Build(TwoByTwo(), Settings(digits: 3))));
    }

    [Fact]
    public void LostSeedsAreSpelledOutAndPipesInLabelsEscaped()
    {
        // ce: 0.5, 0.7 -> 0.60 ± 0.14; focal seed 0 ok 0.6, seed 1 diverged, seed 2 failed -> 0.60, no std, n=1 of 3;
        // difference seed 0 only: 0.6 - 0.5 = +0.10, no interval, no test, and a warning of 1 seed (the fewest pairs).
        // x|y only diverged: no value, no difference.
        var cells = new[]
        {
            Cell("ce", 0, 0.5), Cell("ce", 1, 0.7),
            Cell("focal", 0, 0.6), Cell("focal", 1, null, CellStatus.Diverged), Cell("focal", 2, null, CellStatus.Failed),
            Cell("x|y", 0, null, CellStatus.Diverged),
        };
        var expected = """
            ### clean.accuracy (dataset=mnist-10k, model=mlp)

            mean ± std (n) over seeds; rows: loss, columns: augmentation

            **only 1 seed: no std, interval or test is possible; 3 or more seeds are needed to tell a difference from noise**

            | loss | none |
            |---|---:|
            | ce | 0.60 ± 0.14 (n=2) |
            | focal | 0.60 ± - (n=1 of 3, 1 diverged, 1 failed) |
            | x\|y | - (n=0 of 1, 1 diverged) |

            paired difference to ce (same seed), mean [95% t-interval over seeds]; no difference can be tested (one pair and no stored per-example outcomes)

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

    [Fact]
    public void TwoSeedsAreWarnedOfAndThreeAreNot()
    {
        // 2 seeds: 1 degree of freedom, t_0.975,1 = tan(0.475 pi) = 12.7062 -> "+-12.7 standard errors".
        var two = MarkdownReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.55), Cell("focal", 1, 0.7)]));
        Assert.Contains("**only 2 seeds: 1 degree of freedom, so a std is a rough guess and a 95% t-interval spans +-12.7 standard errors; 3 or more seeds are needed to tell a difference from noise**\n",
            two, StringComparison.Ordinal);
        // Without a baseline too: the warning is about the seeds, not only the differences.
        Assert.Contains("**only 2 seeds:", MarkdownReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("ce", 1, 0.6)], Settings(baseline: null))), StringComparison.Ordinal);
        Assert.DoesNotContain("only", MarkdownReportExporter.Export(Build(TwoByTwo())), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSeedsStillGetTheirSmallestDetectableDifference()
    {
        // focal - ce: 0.05, 0.10 -> sd sqrt(2 * 0.025^2) = 0.0353553, 2 pairs: (t_0.975,1 + t_0.8,1) * sd / sqrt(2) with the
        // Cauchy quantiles tan(0.475 pi) = 12.7062047 and tan(0.3 pi) = 1.3763819 -> 14.0825866 * 0.025 = 0.3520647.
        var text = MarkdownReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.55), Cell("focal", 1, 0.7)]));
        Assert.Contains("power 0.8): 0.3521 = (t_0.975,1 + t_0.8,1) x sd 0.0354 (the median paired sd of the 1 comparison) / sqrt(2 pairs)\n", text, StringComparison.Ordinal);
        Assert.Contains("* = Holm-adjusted p < 0.05 over the 1 comparison of this table", text, StringComparison.Ordinal);
    }
}
