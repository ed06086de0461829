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

    /// <summary>The full SHA-256 (hex) of the canonical identity: the key caches and cell ids use.</summary>
    public static string Key(JsonObject identity) => CanonicalJson.Hash(identity, 64);

    /// <summary>
    /// The full SHA-256 (hex) of the identity without its content hash: what the value means (plugin,
    /// version, options after defaults), not which build of it runs. Seeds derive from it only in a
    /// same-numbers check (<see cref="Matrix.SeedBasis"/>); normally they derive from <see cref="Key"/>.
    /// </summary>
    public static string SeedKey(JsonObject identity) => CanonicalJson.Hash(WithoutBuild(identity), 64);

    /// <summary>A copy of a plugin identity without its content hash.</summary>
    public static JsonObject WithoutBuild(JsonObject identity)
    {
        var copy = (JsonObject)identity.DeepClone();
        copy.Remove("content-hash");
        return copy;
    }
}
