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
        // nothing (not '-') where a value is undefined, the section quoted for its comma.
        var expected = """
            metric,section,rows,columns,row,column,mean,std,n,diverged,failed,diff_mean,diff_low,diff_high,significant
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,ce,none,0.850,0.050,3,0,0,,,,
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,ce,flip,0.750,0.050,3,0,0,,,,
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,focal,none,0.880,0.060,3,0,0,0.030,0.005,0.055,true
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,focal,flip,0.760,0.040,3,0,0,0.010,-0.104,0.124,false

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, CsvReportExporter.Export(Build(TwoByTwo(), Settings(digits: 3))));
    }

    [Fact]
    public void AValueThatRoundsToZeroHasNoSign()
    {
        // As in the Markdown test: the focal difference's mean is -0.000005, the neg mean -0.000015.
        var text = CsvReportExporter.Export(Build(
            [Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.49999), Cell("focal", 1, 0.6), Cell("neg", 0, -0.00001), Cell("neg", 1, -0.00002)],
            Settings(digits: 4)));
        Assert.DoesNotContain("-0.0000,", text, StringComparison.Ordinal);
        Assert.Contains(",focal,none,0.5500,0.0707,2,0,0,0.0000,-0.0001,0.0001,false\n", text, StringComparison.Ordinal);
        Assert.Contains(",neg,none,0.0000,0.0000,2,0,0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelWithACommaAndAQuoteIsQuotedWithTheQuoteDoubled()
    {
        // a,b"c -> "a,b""c" (RFC 4180); one seed: no std; one pair with ce (0.7 - 0.5): no interval, so not shown to be significant
        // (false, as in the JSON: only a defined interval that excludes 0 makes a difference significant).
        var text = CsvReportExporter.Export(Build([Cell("ce", 0, 0.5), Cell("a,b\"c", 0, 0.7), Cell("a,b\"c", 1, null, CellStatus.Diverged)], Settings(digits: 2)));
        var lines = text.Split('\n');
        Assert.Equal("clean.accuracy,\"dataset=mnist-10k, model=mlp\",loss,augmentation,\"a,b\"\"c\",none,0.70,,1,1,0,0.20,,,false", lines[2]);
    }
}
