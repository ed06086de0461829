using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's service container: one keyed registration per plugin (key: kind and name), the
/// catalog itself, the factory that builds plugins per cell, and the factories composite plugins use (losses of losses, data sets of data sets, chains of augmentations).
/// </summary>
public static class PluginServices
{
    public static ServiceProvider Build(PluginSearchPath searchPath)
    {
        // Discovery builds every plugin once, so the services plugins may ask for exist before the catalog does.
        using var baseServices = new ServiceCollection()
            .AddSingleton<HostPluginFactory>()
            .AddSingleton<ILossFactory>(provider => provider.GetRequiredService<HostPluginFactory>())
            .AddSingleton<IDatasetFactory>(provider => provider.GetRequiredService<HostPluginFactory>())
            .AddSingleton<IAugmentationFactory>(provider => provider.GetRequiredService<HostPluginFactory>())
            .BuildServiceProvider();
        var catalog = PluginCatalog.Discover(searchPath, baseServices);
        var services = new ServiceCollection();
        services.AddSingleton(catalog);
        services.AddSingleton(provider => new HostPluginFactory(provider) { Catalog = catalog });
        services.AddSingleton<ILossFactory>(provider => provider.GetRequiredService<HostPluginFactory>());
        services.AddSingleton<IDatasetFactory>(provider => provider.GetRequiredService<HostPluginFactory>());
        services.AddSingleton<IAugmentationFactory>(provider => provider.GetRequiredService<HostPluginFactory>());
        foreach (var plugin in catalog.Plugins) services.AddKeyedSingleton(plugin.Key, plugin);
        services.AddSingleton<PluginFactory>();
        return services.BuildServiceProvider();
    }
}
