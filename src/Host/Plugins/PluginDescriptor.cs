using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>A loaded plugin: what it is, where it came from, and how to build it.</summary>
/// <param name="Version">The plugin assembly's informational version (part of every result's identity).</param>
/// <param name="OptionsType">Its options record, or null when it takes no options.</param>
/// <param name="ContentHash">
/// Lower-case hex SHA-256 over the plugin assembly (its PE image with build-location and debug fields blanked, see AssemblyContentHash) followed by its .deps.json (when
/// present), computed once per folder: part of every result's identity, so a plugin rebuilt with
/// other code is not mistaken for the one that produced earlier results, even at the same version.
/// </param>
public sealed record PluginDescriptor(
    string Name,
    PluginKind Kind,
    string Summary,
    Type ImplementationType,
    Type? OptionsType,
    PluginFolder Folder,
    string Version,
    string ContentHash)
{
    public PluginKey Key => new(Kind, Name);
}
