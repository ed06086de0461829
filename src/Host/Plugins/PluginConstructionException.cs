namespace LossBench.Host.Plugins;

/// <summary>A plugin's constructor threw: the message names the plugin and what it said.</summary>
public sealed class PluginConstructionException(PluginDescriptor plugin, Exception inner)
    : Exception($"the {plugin.Key} could not be built: {inner.GetType().Name}: {inner.Message}", inner);
