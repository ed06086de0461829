using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace LossBench.Sdk.Options;

/// <summary>
/// Binds a configuration mapping to a plugin's options type: kebab-case keys to public settable
/// (or init) properties, defaults from the type's own initialisers, then DataAnnotations
/// validation. Every error names the option path, the expected type and what was found.
/// </summary>
/// <remarks>
/// Supported property types: string, bool, int, long, ulong, float, double, enums (kebab-case
/// member names), their nullable forms, arrays and lists of those, nested options classes (from a
/// mapping), string-keyed dictionaries, and <see cref="ConfigNode"/> / <see cref="ConfigMapping"/>
/// for plugins that interpret a value themselves (for example a combination of other losses).
/// </remarks>
public static class OptionsBinder
{
    public static T Bind<T>(ConfigMapping? mapping, string path) where T : class => (T)Bind(typeof(T), mapping, path);

    /// <summary>Creates <paramref name="optionsType"/> with its defaults and applies <paramref name="mapping"/> (null: all defaults).</summary>
    /// <param name="path">The option path for messages, e.g. <c>losses[2].focal</c>.</param>
    public static object Bind(Type optionsType, ConfigMapping? mapping, string path)
    {
        var instance = BindObject(optionsType, mapping ?? ConfigMapping.Empty, path, mapping?.Location);
        return instance;
    }

    /// <summary>Checks that a type can be an options type; returns the problem, or null when it can.</summary>
    public static string? CheckOptionsType(Type optionsType)
    {
        if (optionsType.IsAbstract || optionsType.IsValueType || optionsType.GetConstructor(Type.EmptyTypes) is null)
            return $"the options type {optionsType.FullName} needs a public parameterless constructor (declare it as " +
                   "`public sealed record XOptions { public double Gamma { get; init; } = 2; }`)";
        foreach (var property in OptionProperties(optionsType))
            if (OptionTypes.Describe(property.PropertyType) is null)
                return $"the option {optionsType.Name}.{property.Name} has type {property.PropertyType.Name}, which options cannot hold";
        return null;
    }

    internal static IEnumerable<PropertyInfo> OptionProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    private static object BindObject(Type type, ConfigMapping mapping, string path, SourceLocation? location)
    {
        if (CheckOptionsType(type) is { } problem) throw new OptionsBindingException(path, location, problem);
        var instance = Activator.CreateInstance(type)!;
        var properties = OptionProperties(type).ToDictionary(p => KebabCase.From(p.Name), StringComparer.Ordinal);
        foreach (var (key, node) in mapping.Entries)
        {
            var keyPath = Join(path, key);
            if (!properties.TryGetValue(key, out var property))
            {
                var known = properties.Keys.Order(StringComparer.Ordinal).ToArray();
                throw new OptionsBindingException(keyPath, node.Location ?? location,
                    $"unknown option '{key}'{NameSuggester.DidYouMean(key, known)}; " +
                    (known.Length == 0 ? "this plugin takes no options" : "known options: " + string.Join(", ", known)));
            }
            property.SetValue(instance, Convert(node, property.PropertyType, keyPath, location));
        }
        Validate(instance, path, mapping, location);
        return instance;
    }

    private static void Validate(object instance, string path, ConfigMapping mapping, SourceLocation? location)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true)) return;
        var first = results[0];
        var member = first.MemberNames.FirstOrDefault();
        var key = member is null ? null : KebabCase.From(member);
        var where = key is null ? location : mapping[key]?.Location ?? location;
        var message = first.ErrorMessage ?? "is not valid";
        // DataAnnotations names the C# property; the user wrote the kebab-case key.
        if (member is not null) message = message.Replace($"The field {member}", "the value").Replace(member, key!);
        throw new OptionsBindingException(key is null ? path : Join(path, key), where, message);
    }

    private static object? Convert(ConfigNode node, Type target, string path, SourceLocation? parentLocation)
    {
        var location = node.Location ?? parentLocation;
        if (target == typeof(ConfigNode)) return node;
        if (target == typeof(ConfigMapping))
            return node as ConfigMapping ?? throw Mismatch(node, target, path, location);

        var underlying = Nullable.GetUnderlyingType(target);
        if (node is ConfigScalar { IsNull: true })
        {
            if (underlying is not null || !target.IsValueType) return null;
            throw Mismatch(node, target, path, location);
        }
        var declared = target;
        target = underlying ?? target;

        if (node is ConfigScalar scalar)
        {
            if (target == typeof(string)) return scalar.Text;
            if (target.IsEnum) return ConvertEnum(scalar, target, path, location);
            if (scalar.IsQuoted && target != typeof(string)) throw Mismatch(node, declared, path, location);
            var text = scalar.Text;
            object? value = target switch
            {
                _ when target == typeof(bool) => text switch { "true" or "True" or "TRUE" => true, "false" or "False" or "FALSE" => false, _ => null },
                _ when target == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
                _ when target == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
                _ when target == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : null,
                _ when target == typeof(double) => ParseDouble(text),
                _ when target == typeof(float) => ParseDouble(text) is { } d ? (float)d : null,
                _ => null,
            };
            return value ?? throw Mismatch(node, declared, path, location);
        }

        if (node is ConfigSequence sequence && OptionTypes.ElementTypeOf(target) is { } element)
        {
            var items = Array.CreateInstance(element, sequence.Items.Count);
            for (var i = 0; i < sequence.Items.Count; i++)
                items.SetValue(Convert(sequence.Items[i], element, $"{path}[{i}]", location), i);
            if (target.IsArray || target.IsInterface) return items;
            var list = (IList)Activator.CreateInstance(target)!;
            foreach (var item in items) list.Add(item);
            return list;
        }

        if (node is ConfigMapping mapping)
        {
            if (OptionTypes.DictionaryValueTypeOf(target) is { } valueType)
            {
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
                foreach (var (key, value) in mapping.Entries) dictionary[key] = Convert(value, valueType, Join(path, key), location);
                return dictionary;
            }
            if (OptionTypes.IsNestedOptions(target)) return BindObject(target, mapping, path, location);
        }
        throw Mismatch(node, declared, path, location);
    }

    private static double? ParseDouble(string text) => text switch
    {
        ".inf" or ".Inf" or ".INF" or "+.inf" => double.PositiveInfinity,
        "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
        ".nan" or ".NaN" or ".NAN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
    };

    private static object ConvertEnum(ConfigScalar scalar, Type target, string path, SourceLocation? location)
    {
        foreach (var name in Enum.GetNames(target))
            if (KebabCase.From(name) == scalar.Text) return Enum.Parse(target, name);
        var known = Enum.GetNames(target).Select(KebabCase.From).ToArray();
        throw new OptionsBindingException(path, location,
            $"expected {OptionTypes.Describe(target)}, got {scalar.Describe()}{NameSuggester.DidYouMean(scalar.Text, known)}");
    }

    private static OptionsBindingException Mismatch(ConfigNode node, Type target, string path, SourceLocation? location) =>
        new(path, location, $"expected {OptionTypes.Describe(target) ?? target.Name}, got {node.Describe()}");

    private static string Join(string path, string key) => string.IsNullOrEmpty(path) ? key : path + "." + key;
}
