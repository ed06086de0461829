using LossBench.Host.Reports;
using LossBench.Host.Results;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class CsvReportExporterTests
{
    [Fact]
    public void TheTwoByTwoExampleIsExactlyAsWrittenByHand()
    {
        // Same numbers as the Markdown test; differences unsigned so that readers parse them as numbers,
        // nothing (not '-') where a value is undefined, the section quoted for its comma. p and Holm-adjusted p,
        // per-comparison and table minimum detectable differences as worked out in ReportBuilderTests:
        // none p 0.0351, adjusted 0.0702, mde 0.0310; flip sd 0.0458, p = adjusted 0.7418, mde 0.1419; table 2 comparisons, mde 0.0864.
        var expected = """
            metric,section,rows,columns,row,column,mean,std,n,diverged,failed,diff_mean,diff_sd,diff_low,diff_high,diff_pairs,p,p_holm,significant,diff_mde,table_comparisons,table_mde,boot_low,boot_high,boot_p,mcnemar_p,boot_se,test,table_mde_test
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,ce,none,0.850,0.050,3,0,0,,,,,,,,,,2,0.086,,,,,,,t-test
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,ce,flip,0.750,0.050,3,0,0,,,,,,,,,,2,0.086,,,,,,,t-test
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,focal,none,0.880,0.060,3,0,0,0.030,0.010,0.005,0.055,3,0.035,0.070,false,0.031,2,0.086,,,,,,t-test,t-test
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,focal,flip,0.760,0.040,3,0,0,0.010,0.046,-0.104,0.124,3,0.742,0.742,false,0.142,2,0.086,,,,,,t-test,t-test

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, CsvReportExporter.Export(Build(TwoByTwo(), Settings(digits: 3))));
    }

    [Fact]
    public void AValueThatRoundsToZeroHasNoSign()
    {
        // As in the Markdown test: the focal difference's mean is -0.000005, the neg mean -0.000015.
        // focal's differences -0.00001 and 0: sd 0.0000071, t = -0.000005 / 0.000005 = -1, 1 df: p = 1 - 2 atan(1) / pi = 0.5;
        // neg's (-0.50001, -0.60002): t = -11.0, p = 1 - 2 atan(11) / pi = 0.0577, Holm: 0.1154, then max(0.1154, 0.5) = 0.5 for focal.
        var text = CsvReportExporter.Export(Build(
            [Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.49999), Cell("focal", 1, 0.6), Cell("neg", 0, -0.00001), Cell("neg", 1, -0.00002)],
            Settings(digits: 4)));
        Assert.DoesNotContain("-0.0000,", text, StringComparison.Ordinal);
        Assert.Contains(",focal,none,0.5500,0.0707,2,0,0,0.0000,0.0000,-0.0001,0.0001,2,0.5000,0.5000,false,0.0001,2,", text, StringComparison.Ordinal);
        Assert.Contains(",neg,none,0.0000,0.0000,2,0,0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelWithACommaAndAQuoteIsQuotedWithTheQuoteDoubled()
    {
        // a,b"c -> "a,b""c" (RFC 4180); one seed: no std; one pair with ce (0.7 - 0.5): no interval, so not shown to be significant
        // (false, as in the JSON: only a Holm-adjusted p below 0.05 makes a difference significant).
        // Nothing stored per example either: no bootstrap (se), no test, and the table has no detectable difference.
        var text = CsvReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("a,b\"c", 0, 0.7), Cell("a,b\"c", 1, null, CellStatus.Diverged)], Settings(digits: 2)));
        var lines = text.Split('\n');
        // No sd, interval, p or detectable difference of one pair; the table has no comparison.
        Assert.Equal("clean.accuracy,\"dataset=mnist-10k, model=mlp\",loss,augmentation,\"a,b\"\"c\",none,0.70,,1,1,0,0.20,,,,1,,,false,,0,,,,,,,,", lines[2]);
    }
}
