namespace LossBench.Host.Plugins;

/// <summary>A benchmark names a plugin that is not available; the message says why and what is.</summary>
public sealed class PluginResolutionException(string message) : Exception(message);
