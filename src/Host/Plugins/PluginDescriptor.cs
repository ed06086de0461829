using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>A loaded plugin: what it is, where it came from, and how to build it.</summary>
/// <param name="Version">The plugin assembly's informational version (part of every result's identity).</param>
/// <param name="OptionsType">Its options record, or null when it takes no options.</param>
/// <param name="ContentHash">SHA-256 (hex) of the plugin assembly and its deps.json: changed code is a new identity, whatever the version says.</param>
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
