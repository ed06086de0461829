using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The JSON report keeps full precision for scripts; its snapshot compares numbers at 6
/// significant digits, beyond the tables' 4 decimals, so a last-bit difference of a libm or BLAS
/// does not fail it while any real change does.
/// </summary>
internal static class ReportJson
{
    public static string Rounded(string json) =>
        Round(JsonNode.Parse(json))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static JsonNode? Round(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Round(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Round).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number =>
            JsonValue.Create(double.Parse(value.GetValue<double>().ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };
}
