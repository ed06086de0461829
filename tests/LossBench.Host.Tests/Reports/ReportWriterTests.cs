using LossBench.Host.Reports;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void TheWriterReplacesTheFilesAndLeavesNoTemporaryFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lossbench-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "report.md"), "old, and longer than the report that replaces it: " + new string('x', 10_000));
            ReportWriter.Write(Build(TwoByTwo()), directory);
            var second = Build([Cell("ce", 0, 0.25)], Settings(baseline: null));
            ReportWriter.Write(second, directory);

            Assert.Equal(MarkdownReportExporter.Export(second), File.ReadAllText(Path.Combine(directory, "report.md")));
            Assert.Equal(CsvReportExporter.Export(second), File.ReadAllText(Path.Combine(directory, "report.csv")));
            Assert.Equal(JsonReportExporter.Export(second), File.ReadAllText(Path.Combine(directory, "report.json")));
            // GetFiles lists dot files too, so a leftover .report.md.*.tmp would show here.
            Assert.Equal(["report.csv", "report.json", "report.md"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // No byte-order mark: the files start with the text itself.
            Assert.Equal((byte)'#', File.ReadAllBytes(Path.Combine(directory, "report.md"))[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
