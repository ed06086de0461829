using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LossBench.Torch;

/// <summary>
/// The OpenBLAS kernel set the engine asks for when the user has not chosen one
/// (OPENBLAS_CORETYPE). OpenBLAS picks kernels by the CPU's family and model number, so a CPU newer
/// than the OpenBLAS build gets its SSE3 fallback, "Prescott": on Debian 12 (OpenBLAS 0.3.21) a
/// recent Xeon ran a 64x784 by 784x256 product in 782 us instead of 181 us, and MLP training 2.5x
/// slower. The choice here goes by what the CPU can execute rather than by its name: the AVX-512
/// kernels (SkylakeX) where AVX-512 F, CD, BW, DQ and VL are all present, else the AVX2 kernels
/// (Haswell, which OpenBLAS also runs on AMD Zen) where AVX2 and FMA are, else OpenBLAS decides.
/// On a CPU OpenBLAS knows it picks these same kernel families itself.
/// <para>
/// It is applied once, just before the engine's native library (and with it libtorch and OpenBLAS,
/// which reads the variable when it loads) is loaded, so every process using the engine (the tool,
/// tests, the bench) multiplies matrices with the same kernels, and results computed in one process
/// and in another agree to the bit.
/// </para>
/// </summary>
public static partial class BlasKernels
{
    public const string EnvironmentVariable = "OPENBLAS_CORETYPE";

    /// <summary>The kernel set the engine asked for in this process, or null when it left the choice alone.</summary>
    public static string? Chosen { get; private set; }

    /// <summary>The kernel set for this CPU, or null to leave the choice to OpenBLAS.</summary>
    public static string? ForThisCpu() => Choose(
        avx512: Avx512F.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported,
        avx2Fma: Avx2.IsSupported && Fma.IsSupported);

    public static string? Choose(bool avx512, bool avx2Fma) => avx512 ? "SkylakeX" : avx2Fma ? "Haswell" : null;

    /// <summary>
    /// Sets OPENBLAS_CORETYPE in the C library's environment (which .NET's Environment API does not
    /// reach on Linux) unless the user set it.
    /// </summary>
    internal static void ApplyBeforeLoad()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(EnvironmentVariable) is not null) return;
        if (ForThisCpu() is not { } kernels) return;
        try
        {
            if (setenv(EnvironmentVariable, kernels, 0) == 0) Chosen = kernels;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: OpenBLAS chooses.
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
