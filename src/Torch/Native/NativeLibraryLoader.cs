using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>
/// Finds liblossbench_torch.so beside this assembly (where the build and the tool package put
/// it), so that neither LD_LIBRARY_PATH nor the working directory matters; a plugin loaded in its
/// own load context still gets the single copy the host loaded.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "lossbench_torch";

#pragma warning disable CA2255 // a module initializer is the one place that runs before any P/Invoke
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        // Portable mode first: it sets OPENBLAS_CORETYPE, which the kernel choice below then leaves alone.
        PortableEnvironment.ApplyBeforeLoad();
        BlasKernels.ApplyBeforeLoad();
        BlasWorkerWait.ApplyBeforeLoad();
        PortableEnvironment.NativeLoaded = true;
        var directory = Path.GetDirectoryName(assembly.Location);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            candidates.Add(Path.Combine(directory, "liblossbench_torch.so"));
            candidates.Add(Path.Combine(directory, "runtimes", "linux-x64", "native", "liblossbench_torch.so"));
        }
        foreach (var path in candidates)
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var loaded))
                return loaded;
        if (NativeLibrary.TryLoad("liblossbench_torch.so", assembly, searchPath, out var fallback))
            return fallback;
        throw new DllNotFoundException(
            "liblossbench_torch.so was not found beside LossBench.Torch.dll (looked in: " + string.Join(", ", candidates) +
            "). Build with `dotnet build`, which compiles it with CMake against libtorch (apt-get install libtorch-dev).");
    }
}
