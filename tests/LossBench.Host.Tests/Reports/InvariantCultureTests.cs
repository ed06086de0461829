using System.Globalization;
using LossBench.Host.Reports;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class InvariantCultureTests
{
    [Fact]
    public void AGermanCultureChangesNoNumber()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            // The test only means something where the culture really writes a decimal comma.
            Assert.Equal("0,25", 0.25.ToString(CultureInfo.CurrentCulture));
            // ce 0.25, 0.75 -> 0.5000 ± 0.3536; focal - ce: -0.05 and -0.05 -> -0.0500, sd 0 (up to rounding) -> [-0.0500, -0.0500], p about 0, significant.
            var report = Build([Cell("ce", 0, 0.25), Cell("ce", 1, 0.75), Cell("focal", 0, 0.20), Cell("focal", 1, 0.70)]);
            var markdown = MarkdownReportExporter.Export(report);
            Assert.Contains("| ce | 0.5000 ± 0.3536 (n=2) |", markdown, StringComparison.Ordinal);
            Assert.Contains("| focal | -0.0500 [-0.0500, -0.0500] * |", markdown, StringComparison.Ordinal);
            // The 2-seed warning's t quantile and the detectable difference (sd about 0, so 0.0000) too.
            Assert.Contains("+-12.7 standard errors", markdown, StringComparison.Ordinal);
            Assert.Contains("power 0.8): 0.0000 = (t_0.975,1 + t_0.8,1) x sd 0.0000", markdown, StringComparison.Ordinal);
            // The baseline's line: no difference fields, the table's 1 comparison and its detectable difference.
            Assert.Contains(",ce,none,0.5000,0.3536,2,0,0,,,,,,,,,,1,0.0000,,,,,,,t-test\n", CsvReportExporter.Export(report), StringComparison.Ordinal);
            var json = JsonReportExporter.Export(report);
            Assert.Contains("\"mean\": 0.5,", json, StringComparison.Ordinal);
            Assert.DoesNotContain("0,5", json, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
