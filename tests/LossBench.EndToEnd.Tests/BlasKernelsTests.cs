using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using LossBench.Torch;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The tool's choice of OpenBLAS kernels reaches OpenBLAS (which reports the kernels it loaded
/// through openblas_get_corename, printed by `doctor`), and a user's OPENBLAS_CORETYPE wins. The
/// same for the spin time of OpenBLAS's idle workers (<see cref="BlasWorkerWait"/>), which `doctor`
/// reads back from the C library's environment, where OpenBLAS reads it.
/// </summary>
public sealed class BlasKernelsTests
{
    [Theory]
    [InlineData(true, true, "SkylakeX")]
    [InlineData(true, false, "SkylakeX")]
    [InlineData(false, true, "Haswell")]
    [InlineData(false, false, null)]
    public void Kernels_follow_the_instruction_sets(bool avx512, bool avx2Fma, string? expected) =>
        Assert.Equal(expected, BlasKernels.Choose(avx512, avx2Fma));

    [Fact]
    public void Without_a_user_setting_openblas_runs_the_kernels_the_tool_chose()
    {
        var doctor = Doctor(coreType: null);
        // What the tool chose for this CPU (the choice itself is the theory above); the point here is
        // that OpenBLAS, asked afterwards, reports those kernels loaded.
        var expected = BlasKernels.ForThisCpu();
        if (expected is null) Assert.Contains("OpenBLAS's own choice", doctor);
        else Assert.Contains($"BLAS: OpenBLAS, {expected} kernels (LossBench's choice for this CPU", doctor);
    }

    [Fact]
    public void A_user_setting_wins()
    {
        // Haswell's kernels need AVX2 and FMA; on a CPU without them there is nothing safe to force.
        if (!(Avx2.IsSupported && Fma.IsSupported)) return;
        Assert.Contains("BLAS: OpenBLAS, Haswell kernels (OPENBLAS_CORETYPE=Haswell in the environment)", Doctor(coreType: "Haswell"));
    }

    [Fact]
    public void Without_a_user_setting_openblas_workers_get_the_engines_spin_time()
    {
        var doctor = Doctor(coreType: null);
        Assert.Contains($"idle workers spin 2^{BlasWorkerWait.CyclesExponent} cycles (OPENBLAS_THREAD_TIMEOUT, LossBench's choice", doctor);
        // Well under OpenBLAS's own 2^28, which outlasts the gap between two matrix products.
        Assert.InRange(BlasWorkerWait.CyclesExponent, 4, 20);
    }

    [Fact]
    public void A_users_spin_time_wins()
    {
        Assert.Contains("idle workers spin 2^28 cycles (OPENBLAS_THREAD_TIMEOUT=28 in the environment)", Doctor(coreType: null, threadTimeout: "28"));
    }

    private static string Doctor(string? coreType, string? threadTimeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lossbench.dll"));
        start.ArgumentList.Add("doctor");
        start.Environment.Remove("LOSSBENCH_PLUGIN_PATH");
        if (coreType is null) start.Environment.Remove(BlasKernels.EnvironmentVariable);
        else start.Environment[BlasKernels.EnvironmentVariable] = coreType;
        if (threadTimeout is null) start.Environment.Remove(BlasWorkerWait.EnvironmentVariable);
        else start.Environment[BlasWorkerWait.EnvironmentVariable] = threadTimeout;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output + error.Result;
    }
}
