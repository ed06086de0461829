using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace LossBench.Host.Options;

/// <summary>Describes an options type for users: keys, types, defaults, descriptions, constraints.</summary>
public static class OptionsSchema
{
    public static IReadOnlyList<OptionInfo> Describe(Type optionsType)
    {
        if (OptionsBinder.CheckOptionsType(optionsType) is { } problem) throw new ArgumentException(problem, nameof(optionsType));
        var defaults = Activator.CreateInstance(optionsType)!;
        return OptionsBinder.OptionProperties(optionsType)
            .Select(p => new OptionInfo(
                KebabCase.From(p.Name),
                OptionTypes.Describe(p.PropertyType)!,
                // A reference left out is bound to the plugin its [DefaultValue] names.
                p.GetValue(defaults) is null && p.GetCustomAttribute<DefaultValueAttribute>()?.Value is string named ? named : FormatValue(p.GetValue(defaults)),
                p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
                Constraints(p)))
            .ToArray();
    }

    /// <summary>The options' values by kebab-case key, in key order: what identifies a configuration (defaults included).</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> ValuesOf(object options) =>
        OptionsBinder.OptionProperties(options.GetType())
            .Select(p => new KeyValuePair<string, object?>(KebabCase.From(p.Name), p.GetValue(options)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();

    /// <summary>A value as YAML would write it: invariant numbers, true/false, kebab-case enums, [a, b] lists, null.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        string text => text.Length == 0 ? "\"\"" : text,
        bool flag => flag ? "true" : "false",
        Enum member => KebabCase.From(member.ToString()),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        ConfigScalar scalar => scalar.Text,
        ConfigNode node => node.Describe(),
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{k}: {FormatValue(dictionary[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(FormatValue)) + "]",
        _ => "{...}",
    };

    private static string Constraints(PropertyInfo property)
    {
        var parts = new List<string>();
        foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            parts.Add(attribute switch
            {
                RangeAttribute range => "in " + (range.MinimumIsExclusive ? "(" : "[") + $"{FormatValue(range.Minimum)}, {FormatValue(range.Maximum)}" + (range.MaximumIsExclusive ? ")" : "]"),
                RequiredAttribute => "required",
                MinLengthAttribute min => $"at least {min.Length} item(s)",
                MaxLengthAttribute max => $"at most {max.Length} item(s)",
                _ => attribute.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal),
            });
        }
        return string.Join("; ", parts);
    }
}
