using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>
/// The calling thread's OpenMP thread count, which libtorch's CPU operations read for their
/// intra-op parallelism (at::get_num_threads is omp_get_max_threads, a per-thread setting), from
/// the libgomp libtorch is linked with. Absent (a libtorch without OpenMP), nothing is changed.
/// </summary>
internal static partial class OpenMp
{
    private const string Lib = "libgomp.so.1";

    /// <summary>This thread's thread count, or null where there is no libgomp.</summary>
    public static int? MaxThreads()
    {
        try
        {
            return omp_get_max_threads();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Sets this thread's thread count (other threads keep theirs).</summary>
    public static void SetThreads(int threads) => omp_set_num_threads(threads);

    [LibraryImport(Lib)]
    private static partial int omp_get_max_threads();

    [LibraryImport(Lib)]
    private static partial void omp_set_num_threads(int threads);
}
