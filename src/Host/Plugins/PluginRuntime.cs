using LossBench.Host.Config;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's one way to bind, build and dispose plugins. Options are bound (and validated) by
/// <see cref="Binder"/>; traits are read from options by <see cref="Traits"/> without building
/// anything; instances are built only inside a <see cref="PluginScope"/>, which builds each axis
/// value once and disposes what it built.
/// </summary>
public sealed class PluginRuntime(PluginCatalog catalog, IServiceProvider services)
{
    public PluginCatalog Catalog { get; } = catalog;
    public PluginReferenceBinder Binder { get; } = new(catalog);
    public PluginTraits Traits { get; } = new(catalog);

    /// <summary>A scope for one cell (or one command): plugins built in it live until it is disposed.</summary>
    public PluginScope OpenScope() => new(Catalog, services);

    /// <summary>An axis value of <paramref name="kind"/> from code (a teacher's cross-entropy, a search candidate), bound like an entry of benchmarks.yaml.</summary>
    public AxisValue Value(PluginKind kind, ConfigNode entry, string path)
    {
        var (descriptor, options) = Binder.Resolve(kind, entry, path);
        var written = options ?? ConfigMapping.Empty;
        return new AxisValue(descriptor, written, Binder.BindOptions(descriptor, written, $"{path}.{descriptor.Name}"), BenchmarkLoader.Label(descriptor.Name, written), path, entry.Location);
    }
}
