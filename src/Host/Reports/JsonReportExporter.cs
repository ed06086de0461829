using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>The report as JSON with full-precision numbers (scripts round as they like), kebab-case keys.</summary>
public static class JsonReportExporter
{
    public static string Export(Report report) => JsonSerializer.Serialize(report, ResultJson.Options) + "\n";
}
