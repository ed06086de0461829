using System.Globalization;

namespace LossBench.Host.Reports;

/// <summary>Number formatting shared by the exporters: invariant culture, fixed digits, a sign on differences, '-' for undefined.</summary>
internal static class ReportFormat
{
    public static string Number(double? value, int digits) =>
        value is { } v ? v.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";

    public static string Signed(double value, int digits) =>
        (value >= 0 ? "+" : "") + value.ToString("F" + digits, CultureInfo.InvariantCulture);

    /// <summary>Counts and the like formatted without the current culture (a thread's culture must not change a report).</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Axis(Config.Axis axis) => axis.ToString().ToLowerInvariant();
}
