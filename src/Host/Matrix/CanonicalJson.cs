using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossBench.Host.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Matrix;

/// <summary>
/// The one JSON form of a configuration that identities are hashed from: object keys sorted,
/// options after defaults (so writing a default explicitly changes nothing), numbers in
/// shortest round-trip form, no whitespace.
/// </summary>
public static class CanonicalJson
{
    /// <summary>An options record (or null) as a JSON object of its values, keys sorted.</summary>
    public static JsonObject OfOptions(object? options)
    {
        var result = new JsonObject();
        if (options is null) return result;
        foreach (var (key, value) in OptionsSchema.ValuesOf(options)) result[key] = OfValue(value);
        return result;
    }

    public static JsonNode? OfValue(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        Enum member => JsonValue.Create(KebabCase.From(member.ToString())),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        float f => JsonValue.Create((double)f),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ConfigScalar scalar => JsonValue.Create(scalar.Text),
        ConfigSequence sequence => new JsonArray(sequence.Items.Select(i => OfValue(i)).ToArray()),
        ConfigMapping mapping => Sorted(mapping.Entries.Select(e => (e.Key, OfValue(e.Value)))),
        _ when OptionsBinder.ReferenceContractOf(value.GetType()) is not null =>
            JsonNode.Parse((string)value.GetType().GetProperty(nameof(PluginReference<object>.Identity))!.GetValue(value)!),
        IDictionary dictionary => Sorted(dictionary.Keys.Cast<object>().Select(k => ((string)k, OfValue(dictionary[k])))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(OfValue).ToArray()),
        _ => OfOptions(value),
    };

    /// <summary>The compact text, with every object's keys in ordinal order.</summary>
    public static string Serialize(JsonNode node) => Normalize(node)?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";

    /// <summary>Lower-case hex of SHA-256 over the canonical text, shortened to <paramref name="length"/> characters.</summary>
    public static string Hash(JsonNode node, int length = 12) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(node))))[..length];

    private static JsonObject Sorted(IEnumerable<(string Key, JsonNode? Value)> entries)
    {
        var result = new JsonObject();
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal)) result[key] = value;
        return result;
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => Sorted(obj.Select(p => (p.Key, Normalize(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray(array.Select(i => Normalize(i?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
