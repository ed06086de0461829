using LossBench.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests;

/// <summary>The built-in plugins as the tool discovers them (from the plugin folders this test project's build lays out), plus the faulty-free fixture loss `fixture-good`.</summary>
internal static class BuiltInCatalog
{
    private static readonly Lazy<ServiceProvider> Services = new(() => PluginServices.Build(new PluginSearchPath(null, null, null,
        [.. Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "plugins"), "LossBench.Plugins.*"),
            Path.Combine(AppContext.BaseDirectory, "plugins", "Fixture.Broken")])));

    public static IServiceProvider Provider => Services.Value;

    public static PluginCatalog Catalog => Services.Value.GetRequiredService<PluginCatalog>();

    public static PluginRuntime Runtime => Services.Value.GetRequiredService<PluginRuntime>();
}
