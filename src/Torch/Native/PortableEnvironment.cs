using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LossBench.Torch.Native;

/// <summary>
/// Portable mode: the same CPU kernels on every x86-64 machine that can run them, so that a small
/// benchmark gives bit-identical weights and tables on a laptop, a CI runner and a cluster node.
/// Three libraries pick kernels by the CPU they find: ATen (ATEN_CPU_CAPABILITY: default, avx2,
/// avx512), oneDNN, which libtorch 1.13.1 bundles as 2.x for convolutions (ONEDNN_MAX_CPU_ISA, and
/// its older name DNNL_MAX_CPU_ISA), and OpenBLAS for matrix products (OPENBLAS_CORETYPE). Portable
/// mode pins all three to the AVX2 + FMA baseline (x86-64-v3: every Intel CPU since Haswell, 2013,
/// and every AMD since Zen, 2017, so every hosted CI runner): the level below it, SSE, would cost
/// several times the time on every machine to serve CPUs no CI service offers.
/// <para>
/// The variables are read by native code: OpenBLAS when it loads, ATen and oneDNN when they first
/// dispatch. .NET's Environment API does not reach the C library's environment on Linux, so they
/// are set with libc's setenv, and in .NET's copy too, so that child processes (`run --jobs`
/// workers) inherit them; all before the engine's native library loads
/// (<see cref="NativeLibraryLoader"/>). Portable mode is asked for by <see cref="Variable"/>=1
/// in the environment, which is how a `--portable` run passes it to its workers.
/// </para>
/// </summary>
public static partial class PortableEnvironment
{
    /// <summary>LOSSBENCH_PORTABLE=1 asks for portable mode before the native library loads.</summary>
    public const string Variable = "LOSSBENCH_PORTABLE";

    /// <summary>What portable mode sets, in this order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Settings { get; } =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
        ("DNNL_MAX_CPU_ISA", "AVX2"),
        ("OPENBLAS_CORETYPE", "Haswell"),
    ];

    /// <summary>Whether portable mode was applied before the native library loaded in this process.</summary>
    public static bool Active { get; private set; }

    /// <summary>Whether the engine's native library (and with it libtorch) has been loaded in this process.</summary>
    public static bool NativeLoaded { get; internal set; }

    /// <summary>Whether <see cref="Variable"/> asks for portable mode.</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    /// <summary>
    /// Asks for portable mode in this process and in the processes it starts. Throws when the
    /// native library is already loaded without it (its kernels are chosen) or when this CPU cannot
    /// run the baseline.
    /// </summary>
    public static void Request()
    {
        if (Active) return;
        if (NativeLoaded)
            throw new InvalidOperationException("portable mode must be chosen before libtorch loads, and it was already loaded in this process without it; " +
                                                $"start the process with {Variable}=1");
        if (Unsupported() is { } problem) throw new PlatformNotSupportedException(problem);
        Environment.SetEnvironmentVariable(Variable, "1");
    }

    /// <summary>Why this machine cannot run portable mode, or null when it can.</summary>
    public static string? Unsupported() =>
        !OperatingSystem.IsLinux() ? "portable mode needs Linux (glibc's setenv)"
        : !(Avx2.IsSupported && Fma.IsSupported) ? "portable mode runs the AVX2 + FMA kernels, which this CPU lacks; run without --portable (and without portable: true)"
        : null;

    /// <summary>Sets the variables of <see cref="Settings"/> when portable mode is requested; called once, just before the native library loads.</summary>
    internal static void ApplyBeforeLoad()
    {
        if (!Requested || Unsupported() is not null) return;
        foreach (var (name, value) in Settings)
        {
            // Overwrite: a variable left from the shell would make the run machine-specific again.
            if (setenv(name, value, 1) != 0) return;
            Environment.SetEnvironmentVariable(name, value);
        }
        Active = true;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
