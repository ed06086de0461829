using System.Globalization;

namespace LossBench.Bench;

/// <summary>The system's 1-minute load average (/proc/loadavg), recorded so that a run disturbed by other work shows it.</summary>
internal static class LoadAverage
{
    public static double OneMinute()
    {
        var text = File.ReadAllText("/proc/loadavg");
        return double.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
    }
}
