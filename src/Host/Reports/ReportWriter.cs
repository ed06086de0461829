using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>Writes report.md, report.csv and report.json into a benchmark's results folder, each atomically.</summary>
public static class ReportWriter
{
    public static void Write(Report report, string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "report.md"), MarkdownReportExporter.Export(report));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.csv"), CsvReportExporter.Export(report));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.json"), JsonReportExporter.Export(report));
    }
}
