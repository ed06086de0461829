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
        // What a plugin's constructor may ask for besides its options: the services registered before
        // discovery (none yet besides IPluginFactory, which the scope building a plugin provides).
        var services = new ServiceCollection();
        using (var before = services.BuildServiceProvider())
        {
            var catalog = PluginCatalog.Discover(searchPath, before);
            services.AddSingleton(catalog);
            services.AddSingleton(provider => new PluginRuntime(catalog, provider));
        }
        return services.BuildServiceProvider();
    }
}
