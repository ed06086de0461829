using System.Globalization;
using System.Text.RegularExpressions;

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// A metric measured at a budget, as the evaluations name them: <c>accuracy@eps=0.1</c>,
/// <c>noise-accuracy@eps=0.1</c>, <c>salient.accuracy@k=0.05</c>, <c>uniform.accuracy@eps=0.3</c>:
/// the series (before '@'), the budget's name and its value. Curves over budgets are drawn from
/// these metrics, the same numbers the tables show, rather than from a second copy.
/// </summary>
public sealed partial record BudgetMetric(string Series, string Parameter, double Value)
{
    public static BudgetMetric? Parse(string name)
    {
        var match = Pattern().Match(name);
        if (!match.Success) return null;
        return double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? new BudgetMetric(match.Groups["series"].Value, match.Groups["parameter"].Value, value)
            : null;
    }

    [GeneratedRegex(@"^(?<series>[^@]+)@(?<parameter>[a-z][a-z0-9-]*)=(?<value>[-+0-9.eE]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
