using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's service container: the catalog discovery found and the one plugin runtime that
/// binds, builds and disposes plugins. Plugins' constructor parameters besides their options come
/// from here (and <see cref="LossBench.Sdk.Plugins.IPluginFactory"/> from the scope building them).
/// </summary>
public static class PluginServices
{
    public static ServiceProvider Build(PluginSearchPath searchPath)
    {
        var catalog = PluginCatalog.Discover(searchPath);
        return new ServiceCollection()
            .AddSingleton(catalog)
            .AddSingleton(provider => new PluginRuntime(catalog, provider))
            .BuildServiceProvider();
    }
}
