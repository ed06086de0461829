using System.Reflection;
using System.Runtime.Loader;

namespace LossBench.Host.Plugins;

/// <summary>
/// The load context of one plugin folder. The contracts (LossBench.Sdk, LossBench.Torch and the
/// dependency-injection and logging abstractions) always come from the host, so a plugin's ILoss
/// is the host's ILoss and libtorch is loaded once; everything else the plugin's deps.json lists
/// is loaded from its folder, so two plugins may use two versions of one library.
/// </summary>
public sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext(name: Path.GetFileName(Path.GetDirectoryName(mainAssemblyPath)), isCollectible: false)
{
    private static readonly HashSet<string> SharedWithHost = new(StringComparer.Ordinal)
    {
        "LossBench.Sdk",
        "LossBench.Torch",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions",
    };

    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    public static bool IsSharedWithHost(AssemblyName name) => name.Name is { } simple && SharedWithHost.Contains(simple);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsSharedWithHost(assemblyName)) return null; // the default context: the host's copy
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        // Not private to the plugin: the framework (or the host) provides it through the default context.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
