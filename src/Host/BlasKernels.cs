using System.Runtime.Intrinsics.X86;

namespace LossBench.Host;

/// <summary>
/// The OpenBLAS kernel set LossBench asks for when the user has not chosen one
/// (OPENBLAS_CORETYPE). OpenBLAS picks kernels by the CPU's family and model number, so a CPU newer
/// than the OpenBLAS build gets its SSE3 fallback, "Prescott": on Debian 12 (OpenBLAS 0.3.21) a
/// recent Xeon ran a 64x784 by 784x256 product in 782 us instead of 181 us, and MLP training 2.5x
/// slower. The choice here goes by what the CPU can execute rather than by its name: the AVX-512
/// kernels (SkylakeX) where AVX-512 F, CD, BW, DQ and VL are all present, else the AVX2 kernels
/// (Haswell, which OpenBLAS also runs on AMD Zen) where AVX2 and FMA are, else OpenBLAS decides.
/// On a CPU OpenBLAS knows it picks these same kernel families itself.
/// </summary>
public static class BlasKernels
{
    public const string EnvironmentVariable = "OPENBLAS_CORETYPE";

    /// <summary>The kernel set for this CPU, or null to leave the choice to OpenBLAS.</summary>
    public static string? ForThisCpu() => Choose(
        avx512: Avx512F.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported,
        avx2Fma: Avx2.IsSupported && Fma.IsSupported);

    public static string? Choose(bool avx512, bool avx2Fma) => avx512 ? "SkylakeX" : avx2Fma ? "Haswell" : null;
}
