using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>
/// The report as JSON with full-precision numbers (scripts round as they like), kebab-case keys.
/// Undefined values (the std of one seed, a baseline's difference, an interval of one pair) are left
/// out, as in every results file (<see cref="ResultJson.Options"/>); readers see them as missing/null.
/// </summary>
public static class JsonReportExporter
{
    public static string Export(Report report) => JsonSerializer.Serialize(report, ResultJson.Options) + "\n";
}
