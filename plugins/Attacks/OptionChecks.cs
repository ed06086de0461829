using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace LossBench.Plugins.Attacks;

/// <summary>Checks shared by the attack options: lists of budgets that must be non-empty, finite, in range and distinct.</summary>
internal static class OptionChecks
{
    /// <summary>
    /// The first problem of a list of budgets, or null: empty, a value that is not finite or lies
    /// outside [<paramref name="min"/>, <paramref name="max"/>], or a value given twice (it would
    /// name two metrics alike).
    /// </summary>
    public static ValidationResult? Budgets(IReadOnlyList<double>? values, string property, string key, double min, double max)
    {
        if (values is null || values.Count == 0)
            return new ValidationResult($"{key} must be a non-empty list", [property]);
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v) || v < min || v > max)
                return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                    $"every value of {key} must lie in [{min}, {max}], but {key}[{i}] is {v}"), [property]);
            for (var j = 0; j < i; j++)
                if (values[j] == v)
                    return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                        $"{key} lists {v} twice ({key}[{j}] and {key}[{i}])"), [property]);
        }
        return null;
    }
}
