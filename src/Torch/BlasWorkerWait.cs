using System.Runtime.InteropServices;

namespace LossBench.Torch;

/// <summary>
/// How long OpenBLAS's idle worker threads spin before they sleep (OPENBLAS_THREAD_TIMEOUT: 2^n CPU
/// cycles, n from 4 to 30), when the user has not chosen. OpenBLAS's default, 2^28 cycles (about a
/// tenth of a second), outlasts the gap between a network's matrix products, so after the first
/// product of a training step its worker never sleeps: it calls sched_yield in a loop while
/// libtorch's own OpenMP threads run the convolutions. On 2 cores that spinning thread took a third of
/// a core through a whole `lossbench run` of the default benchmark (32.7 s of CPU in 105 s),
/// taken from the threads doing the work.
/// <para>
/// 2^16 cycles (about 25 us at 2.6 GHz) still covers the gaps between the back-to-back products of
/// an MLP step, where waking a sleeping worker for each product would cost more (2^4 made 2-thread
/// MLP training about 20% slower), and lets the worker sleep through a convolution (measured on
/// the reference machine, README "Performance"). The spin time changes when a worker runs, never
/// what it computes: results are the same bits.
/// </para>
/// <para>
/// OpenBLAS reads the variable once, when it loads, so it is set in the C library's environment
/// (which .NET's Environment API does not reach on Linux), and in .NET's copy so that child processes
/// (`run --jobs` workers) inherit it, just before the engine's native library is loaded.
/// </para>
/// </summary>
public static partial class BlasWorkerWait
{
    public const string EnvironmentVariable = "OPENBLAS_THREAD_TIMEOUT";

    /// <summary>The spin time the engine asks for, as the exponent n of 2^n cycles.</summary>
    public const int CyclesExponent = 16;

    /// <summary>The exponent the engine set in this process, or null when it left the variable alone (the user set it, or not Linux).</summary>
    public static int? Chosen { get; private set; }

    /// <summary>Sets <see cref="EnvironmentVariable"/> to <see cref="CyclesExponent"/> unless the user set it.</summary>
    internal static void ApplyBeforeLoad()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(EnvironmentVariable) is not null) return;
        var value = CyclesExponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (setenv(EnvironmentVariable, value, 0) != 0) return;
            Environment.SetEnvironmentVariable(EnvironmentVariable, value);
            Chosen = CyclesExponent;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: OpenBLAS keeps its default.
        }
    }

    /// <summary>The value OpenBLAS reads: the C library's environment, not .NET's copy of it.</summary>
    public static string? InCLibraryEnvironment()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var value = getenv(EnvironmentVariable);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);
}
