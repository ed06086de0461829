using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Options;

/// <summary>
/// Binds a configuration mapping to a plugin's options type: kebab-case keys to public settable
/// (or init) properties, defaults from the type's own initialisers, then DataAnnotations
/// validation. Every error names the option path, the expected type and what was found.
/// </summary>
/// <remarks>
/// Supported property types: string, bool, int, long, ulong, float, double, enums (kebab-case
/// member names), their nullable forms, arrays and lists of those, nested options classes (from a
/// mapping), string-keyed dictionaries, references to other plugins (<see cref="PluginReference{TContract}"/>,
/// bound by an <see cref="IPluginReferenceBinder"/>), and, for the host's own settings only,
/// <see cref="ConfigNode"/> / <see cref="ConfigMapping"/> (plugins never read YAML themselves).
/// </remarks>
public static class OptionsBinder
{
    public static T Bind<T>(ConfigMapping? mapping, string path, IPluginReferenceBinder? references = null) where T : class =>
        (T)Bind(typeof(T), mapping, path, references);

    /// <summary>Creates <paramref name="optionsType"/> with its defaults and applies <paramref name="mapping"/> (null: all defaults).</summary>
    /// <param name="path">The option path for messages, e.g. <c>losses[2].focal</c>.</param>
    /// <param name="references">Binds options that reference other plugins; without it such an option is an error.</param>
    public static object Bind(Type optionsType, ConfigMapping? mapping, string path, IPluginReferenceBinder? references = null) =>
        new Binding(references).Object(optionsType, mapping ?? ConfigMapping.Empty, path, mapping?.Location);

    /// <summary>The contract of a <c>PluginReference&lt;T&gt;</c> type (T), or null for any other type.</summary>
    public static Type? ReferenceContractOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(PluginReference<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The property of a nested options type whose plugin is written inline among its keys (<see cref="InlineReferenceAttribute"/>), or null.</summary>
    public static PropertyInfo? InlineReferenceOf(Type type) =>
        OptionProperties(type).FirstOrDefault(p => p.GetCustomAttribute<InlineReferenceAttribute>() is not null && ReferenceContractOf(p.PropertyType) is not null);

    /// <summary>Checks that a type can be an options type; returns the problem, or null when it can.</summary>
    public static string? CheckOptionsType(Type optionsType)
    {
        if (optionsType.IsAbstract || optionsType.IsValueType || optionsType.GetConstructor(Type.EmptyTypes) is null)
            return $"the options type {optionsType.FullName} needs a public parameterless constructor (declare it as " +
                   "`public sealed record XOptions { public double Gamma { get; init; } = 2; }`)";
        foreach (var property in OptionProperties(optionsType))
        {
            if (OptionTypes.Describe(property.PropertyType) is null)
                return $"the option {optionsType.Name}.{property.Name} has type {property.PropertyType.Name}, which options cannot hold";
            if (property.GetCustomAttribute<InlineReferenceAttribute>() is not null && ReferenceContractOf(property.PropertyType) is null)
                return $"[InlineReference] on {optionsType.Name}.{property.Name} needs a PluginReference<T> property";
        }
        return null;
    }

    /// <summary>
    /// Whether a plugin's options type may hold <paramref name="type"/>: what the host's settings may,
    /// except raw YAML (<see cref="ConfigNode"/>): a plugin that takes other plugins declares
    /// <see cref="PluginReference{TContract}"/> options, which the host binds, validates and sweeps.
    /// </summary>
    public static string? CheckPluginOptionsType(Type optionsType)
    {
        if (CheckOptionsType(optionsType) is { } problem) return problem;
        foreach (var property in OptionProperties(optionsType))
            if (MentionsConfigNode(property.PropertyType))
                return $"the option {optionsType.Name}.{property.Name} holds raw YAML ({property.PropertyType.Name}); declare PluginReference<T> options for plugins it builds, or typed options";
        return null;
    }

    private static bool MentionsConfigNode(Type type) =>
        typeof(ConfigNode).IsAssignableFrom(type) ||
        (OptionTypes.ElementTypeOf(type) is { } element && MentionsConfigNode(element)) ||
        (OptionTypes.DictionaryValueTypeOf(type) is { } value && MentionsConfigNode(value)) ||
        (Nullable.GetUnderlyingType(type) is { } underlying && MentionsConfigNode(underlying));

    public static IEnumerable<PropertyInfo> OptionProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    /// <summary>One binding: the reference binder in reach of every nested option.</summary>
    private sealed class Binding(IPluginReferenceBinder? references)
    {
        public object Object(Type type, ConfigMapping mapping, string path, SourceLocation? location)
        {
            if (CheckOptionsType(type) is { } problem) throw new OptionsBindingException(path, location, problem);
            var instance = Activator.CreateInstance(type)!;
            var properties = OptionProperties(type).ToDictionary(p => KebabCase.From(p.Name), StringComparer.Ordinal);
            var inline = InlineReferenceOf(type);
            if (inline is not null)
            {
                // `{ dice: { smooth: 1 }, weight: 0.5 }`: the one key that is not another option names the plugin.
                properties.Remove(KebabCase.From(inline.Name));
                var entries = mapping.Entries.Where(e => !properties.ContainsKey(e.Key)).ToArray();
                if (entries.Length != 1)
                    throw new OptionsBindingException(path, mapping.Location ?? location, entries.Length == 0
                        ? $"name one plugin besides {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}, like {{ <name>: {{ options }}, {properties.Keys.Order(StringComparer.Ordinal).First()}: ... }}"
                        : $"name one plugin besides {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}; got {string.Join(", ", entries.Select(e => e.Key))}");
                inline.SetValue(instance, Reference(ReferenceContractOf(inline.PropertyType)!, new ConfigMapping(entries, mapping.Location), path, location));
                mapping = new ConfigMapping(mapping.Entries.Where(e => properties.ContainsKey(e.Key)).ToArray(), mapping.Location);
            }
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
            BindDefaultReferences(instance, mapping, path, location);
            Validate(instance, path, mapping, location);
            return instance;
        }

        /// <summary>A reference option left out gets the plugin its [DefaultValue("name")] names, bound with that plugin's defaults.</summary>
        private void BindDefaultReferences(object instance, ConfigMapping mapping, string path, SourceLocation? location)
        {
            foreach (var property in OptionProperties(instance.GetType()))
            {
                if (ReferenceContractOf(property.PropertyType) is not { } contract || property.GetValue(instance) is not null) continue;
                if (property.GetCustomAttribute<System.ComponentModel.DefaultValueAttribute>()?.Value is not string name) continue;
                property.SetValue(instance, Reference(contract, new ConfigScalar(name, mapping.Location ?? location), Join(path, KebabCase.From(property.Name)), location));
            }
        }

        private object Reference(Type contract, ConfigNode node, string path, SourceLocation? location)
        {
            if (references is null)
                throw new OptionsBindingException(path, node.Location ?? location, "this option names another plugin, which only the host can bind here");
            return references.Bind(contract, node, path);
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

        private object? Convert(ConfigNode node, Type target, string path, SourceLocation? parentLocation)
        {
            var location = node.Location ?? parentLocation;
            if (target == typeof(ConfigNode)) return node;
            if (target == typeof(ConfigMapping))
                return node as ConfigMapping ?? throw Mismatch(node, target, path, location);

            if (ReferenceContractOf(target) is { } contract) return Reference(contract, node, path, location);

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
                if (OptionTypes.IsNestedOptions(target)) return Object(target, mapping, path, location);
            }
            throw Mismatch(node, declared, path, location);
        }
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
