using LossBench.Host.Plugins;
using LossBench.Sdk.Plugins;
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

    /// <summary>A scope that lives as long as the tests: for plugins that hold nothing to dispose.</summary>
    private static readonly Lazy<PluginScope> Scope = new(() => Runtime.OpenScope());

    /// <summary>The plugin an entry names (<c>name</c> or <c>{ name: { options } }</c>), bound and built as a benchmark would.</summary>
    public static T Build<T>(LossBench.Sdk.Plugins.PluginKind kind, string name, ConfigMapping? options = null) where T : class =>
        Scope.Value.Get<T>(Runtime.Value(kind, options is null ? new ConfigScalar(name) : new ConfigMapping([new(name, options)]), PluginKinds.PluralName(kind) + "[0]"));
}
