using System.Globalization;

namespace LossBench.Host.Reports;

/// <summary>Number formatting shared by the exporters: invariant culture, fixed digits, a sign on differences, '-' for undefined.</summary>
internal static class ReportFormat
{
    public static string Number(double? value, int digits) =>
        value is { } v ? Fixed(v, digits) : "-";

    /// <summary>With '+' on a positive value; a value that rounds to zero has no sign at all (never "+0.0000" or "-0.0000").</summary>
    public static string Signed(double value, int digits)
    {
        var text = Fixed(value, digits);
        return text[0] == '-' || IsZero(text) ? text : "+" + text;
    }

    /// <summary>Fixed digits; a value that rounds to zero (a tiny negative, or -0.0) prints "0.0000", never "-0.0000".</summary>
    private static string Fixed(double value, int digits)
    {
        var text = value.ToString("F" + digits, CultureInfo.InvariantCulture);
        return text[0] == '-' && IsZero(text) ? text[1..] : text;
    }

    private static bool IsZero(string text) => text.All(c => c is '0' or '.' or '-');

    /// <summary>Counts and the like formatted without the current culture (a thread's culture must not change a report).</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Axis(Config.Axis axis) => axis.ToString().ToLowerInvariant();
}
