using LossBench.Host.Plugins;
using System.Text.Json.Nodes;

namespace LossBench.Host.Config;

/// <summary>
/// One value on an axis of the matrix: a plugin with one set of options (a sweep has been
/// expanded into one value per combination).
/// </summary>
/// <param name="Plugin">The resolved plugin.</param>
/// <param name="Options">The options as written for this value (sweep lists replaced by one element); empty when none were given.</param>
/// <param name="BoundOptions">The plugin's options record bound from <paramref name="Options"/> (defaults applied, validated), or null when the plugin takes none.</param>
/// <param name="Label">
/// How tables and filters name it: the plugin name when no options were given, else
/// name(key=value,...) over the given options in the order written, e.g. <c>focal(gamma=1)</c>.
/// Unique within an axis.
/// </param>
/// <param name="Path">The YAML path of the entry, e.g. <c>losses[2]</c>, for messages.</param>
/// <param name="Location">Where the entry is written, for messages.</param>
public sealed record AxisValue(PluginDescriptor Plugin, ConfigMapping Options, object? BoundOptions, string Label, string Path, SourceLocation? Location)
{
    public string Name => Plugin.Name;

    /// <summary>What this value is, whatever its spelling: plugin, version, content hash, options after defaults (<see cref="PluginIdentity"/>).</summary>
    public JsonObject Identity { get; } = PluginIdentity.Of(Plugin, BoundOptions);

    /// <summary>SHA-256 of <see cref="Identity"/>: what caches are keyed by (the label is only for display).</summary>
    public string IdentityKey => _identityKey ??= PluginIdentity.Key(Identity);

    /// <summary>SHA-256 of <see cref="Identity"/> without the content hash: what seeds are derived from in a same-numbers check (<see cref="Matrix.SeedBasis"/>, <see cref="PluginIdentity.SeedKey"/>).</summary>
    public string SeedKey => _seedKey ??= PluginIdentity.SeedKey(Identity);

    private string? _identityKey;
    private string? _seedKey;
}
