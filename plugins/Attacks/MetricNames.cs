using System.Globalization;

namespace LossBench.Plugins.Attacks;

/// <summary>How attack metrics name their budgets: <c>accuracy@eps=0.1</c>, <c>salient.accuracy@k=0.05</c>.</summary>
internal static class MetricNames
{
    /// <summary>The shortest text that reads back as the same double (0.1, 0.3, 8/255 in full), invariant culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string AtEpsilon(string metric, double epsilon) => $"{metric}@eps={Number(epsilon)}";
}
