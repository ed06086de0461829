using System.Text.Json.Nodes;
using LossBench.Host.Matrix;

namespace LossBench.Host.Plugins;

/// <summary>
/// The one identity of a configured plugin: its name, version, the hash of its assembly's content and
/// its options after defaults, in canonical JSON. It alone feeds cell ids, seeds and cache keys; how
/// the user wrote the entry (defaults spelled out, key order, 1 or 1.0) cannot change it, and
/// rebuilt plugin code always does.
/// </summary>
public static class PluginIdentity
{
    public static JsonObject Of(PluginDescriptor plugin, object? boundOptions) => new()
    {
        ["plugin"] = plugin.Name,
        ["version"] = plugin.Version,
        ["content-hash"] = plugin.ContentHash,
        ["options"] = CanonicalJson.OfOptions(boundOptions),
    };

    /// <summary>The full SHA-256 (hex) of the canonical identity: the key seeds and caches use.</summary>
    public static string Key(JsonObject identity) => CanonicalJson.Hash(identity, 64);
}
