using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's service container: one keyed registration per plugin (key: kind and name), the
/// catalog itself and the factory that builds plugins per cell.
/// </summary>
public static class PluginServices
{
    public static ServiceProvider Build(PluginSearchPath searchPath)
    {
        using var baseServices = new ServiceCollection().BuildServiceProvider();
        var catalog = PluginCatalog.Discover(searchPath, baseServices);
        var services = new ServiceCollection();
        services.AddSingleton(catalog);
        foreach (var plugin in catalog.Plugins) services.AddKeyedSingleton(plugin.Key, plugin);
        services.AddSingleton<PluginFactory>();
        return services.BuildServiceProvider();
    }
}
