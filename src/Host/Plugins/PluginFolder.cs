namespace LossBench.Host.Plugins;

/// <summary>One folder that holds one plugin assembly and its private dependencies.</summary>
public sealed record PluginFolder(string Path, PluginOrigin Origin);
