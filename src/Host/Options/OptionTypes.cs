namespace LossBench.Host.Options;

/// <summary>The types an option can have, and how to name them to a user.</summary>
public static class OptionTypes
{
    /// <summary>"integer", "number", "list of number", "one of: l2, l-inf"..., or null when options cannot hold the type.</summary>
    public static string? Describe(Type type)
    {
        if (type == typeof(ConfigNode)) return "any value";
        if (type == typeof(ConfigMapping)) return "mapping";
        if (OptionsBinder.ReferenceContractOf(type) is { } contract)
            return $"{contract.Name.TrimStart('I').ToLowerInvariant()} entry (name or {{ name: {{ options }} }})";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Describe(underlying) is { } inner ? inner + " or null" : null;
        if (type == typeof(string)) return "string";
        if (type == typeof(bool)) return "boolean (true or false)";
        if (type == typeof(int) || type == typeof(long)) return "integer";
        if (type == typeof(ulong)) return "non-negative integer";
        if (type == typeof(double) || type == typeof(float)) return "number";
        if (type.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(type).Select(KebabCase.From));
        if (ElementTypeOf(type) is { } element) return Describe(element) is { } item ? "list of " + item : null;
        if (DictionaryValueTypeOf(type) is { } value) return Describe(value) is { } item ? "mapping of " + item : null;
        if (IsNestedOptions(type)) return "mapping";
        return null;
    }

    public static Type? ElementTypeOf(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) ||
               definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    public static Type? DictionaryValueTypeOf(Type type)
    {
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        return (definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)) &&
               arguments[0] == typeof(string)
            ? arguments[1]
            : null;
    }

    public static bool IsNestedOptions(Type type) =>
        type.IsClass && !type.IsAbstract && type != typeof(string) && type.GetConstructor(Type.EmptyTypes) is not null &&
        !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
}
