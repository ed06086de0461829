using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>Builds a plugin instance: its options record as given, any other constructor parameter from the host's services.</summary>
public static class PluginActivator
{
    public static object Create(IServiceProvider services, PluginDescriptor descriptor, object? options) =>
        options is null
            ? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType)
            : ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType, options);
}
