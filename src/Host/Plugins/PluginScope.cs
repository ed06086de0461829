using LossBench.Host.Config;
using LossBench.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// Builds plugins for one cell: each axis value once (asking twice gives the same instance), the
/// plugins a composite references through <see cref="IPluginFactory"/>, every constructor parameter
/// besides the options record from the host's services. Disposing the scope disposes every
/// <see cref="IDisposable"/> plugin it built, the last built first.
/// </summary>
public sealed class PluginScope : IPluginFactory, IServiceProvider, IDisposable
{
    private readonly PluginCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly Dictionary<AxisValue, object> _byValue = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _built = [];
    private bool _disposed;

    public PluginScope(PluginCatalog catalog, IServiceProvider services)
    {
        _catalog = catalog;
        _services = services;
    }

    /// <summary>Plugins built so far in this scope (for tests of "built once").</summary>
    public int BuiltCount => _built.Count;

    /// <summary>The plugin of an axis value, built on first use and then reused.</summary>
    public T Get<T>(AxisValue value) where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_byValue.TryGetValue(value, out var existing)) return (T)existing;
        var built = (T)Build(value.Plugin, value.BoundOptions);
        _byValue[value] = built;
        return built;
    }

    public TContract Create<TContract>(PluginReference<TContract> reference) where TContract : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var kind = PluginKinds.All.Single(k => PluginKinds.ContractOf(k) == typeof(TContract));
        return (TContract)Build(_catalog.Find(kind, reference.Name), reference.Options);
    }

    object? IServiceProvider.GetService(Type serviceType) =>
        serviceType == typeof(IPluginFactory) ? this : _services.GetService(serviceType);

    private object Build(PluginDescriptor plugin, object? options)
    {
        object instance;
        try
        {
            instance = options is null
                ? ActivatorUtilities.CreateInstance(this, plugin.ImplementationType)
                : ActivatorUtilities.CreateInstance(this, plugin.ImplementationType, options);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new PluginConstructionException(plugin, inner);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException or PluginConstructionException))
        {
            throw new PluginConstructionException(plugin, e);
        }
        _built.Add(instance);
        return instance;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        List<Exception>? failures = null;
        for (var i = _built.Count - 1; i >= 0; i--)
        {
            try
            {
                (_built[i] as IDisposable)?.Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                (failures ??= []).Add(e);
            }
        }
        _built.Clear();
        _byValue.Clear();
        if (failures is not null) throw new AggregateException("disposing plugins failed", failures);
    }
}
