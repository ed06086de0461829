using System.Runtime.InteropServices;

namespace LossBench.Host;

/// <summary>
/// Process settings libtorch on Linux trains best with, applied before libtorch loads (the first
/// tensor operation loads it). The user's own environment always wins.
/// <list type="bullet">
/// <item>OMP_WAIT_POLICY=PASSIVE: idle OpenMP workers sleep instead of spinning, so they do not steal
/// the cores OpenBLAS's threads need (on 2 cores, spinning pools made multi-threaded training several
/// times slower). libgomp reads it once, when it loads, hence the native setenv now (.NET's own
/// environment is not the C library's).</item>
/// <item>malloc thresholds: with glibc's defaults the large activation buffers are returned to the
/// kernel after every step and faulted in again; a 32 MiB mmap threshold and 512 MiB trim
/// threshold keep them in the heap (the same as MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_,
/// which glibc only reads at start-up, before .NET runs any of our code).</item>
/// </list>
/// </summary>
internal static partial class ProcessTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) _ = setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null) _ = mallopt(M_MMAP_THRESHOLD, 32 << 20);
            if (Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null) _ = mallopt(M_TRIM_THRESHOLD, 512 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): run with the C library's defaults.
        }
    }

    /// <summary>
    /// Gives the C heap's free pages back to the kernel once the cells are done: the trim threshold
    /// above keeps up to 512 MiB of freed training and evaluation buffers for the next step, which the
    /// report (managed memory and the figures' renderer) does not reuse, so they would otherwise sit
    /// under the report's own memory and set the run's peak. Once per run: trimming between cells
    /// made every next cell fault its buffers in again.
    /// </summary>
    public static void ReleaseFreeHeap()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to give back this way.
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc")]
    private static partial int mallopt(int parameter, int value);

    [LibraryImport("libc")]
    private static partial int malloc_trim(nuint pad);
}
