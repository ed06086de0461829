using System.Runtime.InteropServices;
using LossBench.Torch.Native;

namespace LossBench.Torch;

/// <summary>
/// The PyTorch-shaped entry point: <c>torch.randn(...)</c>, <c>torch.nn.functional.relu(...)</c>,
/// <c>torch.optim.SGD(...)</c>. Write <c>using static LossBench.Torch.torch;</c> to drop the prefix.
/// </summary>
public static partial class torch
{
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;

    public static Device CPU => Device.CPU;
    public static Device CUDA => new(DeviceType.CUDA, 0);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static Device device(string name) => Device.Parse(name);

    /// <summary>Opens a scope that disposes every tensor created on this thread until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Seeds libtorch's global generators (CPU and every CUDA device).</summary>
    public static void manual_seed(ulong seed)
    {
        LibTorch.lb_manual_seed(seed);
    }

    public static void set_num_threads(int threads) =>
        TorchException.Check(LibTorch.lb_set_num_threads(threads), nameof(set_num_threads));

    public static int get_num_threads() => LibTorch.lb_get_num_threads();

    /// <summary>
    /// Until disposed, CPU operations started on this thread run on this thread alone, without
    /// libtorch's intra-op thread pool; other threads keep <see cref="get_num_threads"/>. For runs of
    /// many small operations, where waking the pool for each costs more than it saves. Elementwise
    /// operations, and reductions with several outputs (split by output, each summed the same way),
    /// give the same bits either way; a reduction to one number is split differently, so check that
    /// what runs inside computes the same numbers. Where libtorch has no OpenMP, this changes nothing.
    /// </summary>
    public static IDisposable single_threaded() => intra_op_threads(1);

    /// <summary>
    /// Until disposed, CPU operations started on this thread use <paramref name="threads"/> intra-op
    /// threads (libtorch reads the count per thread, from OpenMP); other threads keep theirs, and the
    /// count this thread had comes back on dispose. Where libtorch has no OpenMP, this changes nothing.
    /// </summary>
    public static IDisposable intra_op_threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return new ThreadCountScope(threads);
    }

    private sealed class ThreadCountScope : IDisposable
    {
        private readonly int? _previous;
        private bool _disposed;

        public ThreadCountScope(int threads)
        {
            // libtorch gives each thread its count when the thread first asks for it; ask first, so
            // that this first time does not come inside the scope and undo it.
            _ = LibTorch.lb_get_num_threads();
            _previous = OpenMp.MaxThreads();
            if (_previous is not null && _previous != threads) OpenMp.SetThreads(threads);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_previous is { } previous && OpenMp.MaxThreads() != previous) OpenMp.SetThreads(previous);
        }
    }

    /// <summary>Makes libtorch refuse operations that have no deterministic implementation.</summary>
    public static void use_deterministic_algorithms(bool mode) =>
        TorchException.Check(LibTorch.lb_use_deterministic_algorithms(mode ? 1 : 0), nameof(use_deterministic_algorithms));

    /// <summary>Disables gradient recording on this thread until the returned guard is disposed.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Enables gradient recording on this thread until the returned guard is disposed.</summary>
    public static IDisposable enable_grad() => new GradModeGuard(true);

    public static bool is_grad_enabled() => LibTorch.lb_grad_is_enabled() == 1;

    /// <summary>libtorch's version, e.g. 1.13.1.</summary>
    public static string version => Marshal.PtrToStringUTF8(LibTorch.lb_torch_version()) ?? "unknown";

    /// <summary>libtorch's build configuration (at::show_config()).</summary>
    public static string build_config => Marshal.PtrToStringUTF8(LibTorch.lb_build_config()) ?? "";

    /// <summary>
    /// The kernel set OpenBLAS chose for this CPU (for example Haswell, SkylakeX, or Prescott when
    /// it did not recognise the CPU and fell back to SSE3), or null when libtorch uses another BLAS.
    /// </summary>
    public static string? blas_core => Marshal.PtrToStringUTF8(LibTorch.lb_blas_core());

    /// <summary>The CPU kernels ATen dispatches to (DEFAULT, AVX2, AVX512), as libtorch reports it in <see cref="build_config"/>.</summary>
    public static string cpu_capability
    {
        get
        {
            const string marker = "CPU capability usage:";
            var config = build_config;
            var at = config.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return "unknown";
            var end = config.IndexOf('\n', at);
            return config[(at + marker.Length)..(end < 0 ? config.Length : end)].Trim();
        }
    }

    /// <summary>
    /// Sets an environment variable in the native process environment, which libtorch reads (for
    /// example ATEN_CPU_CAPABILITY); .NET's own Environment API does not reach it on Linux. Takes
    /// effect only before libtorch first reads the variable.
    /// </summary>
    public static void set_native_environment(string name, string value)
    {
        if (LibTorch.lb_set_env(name, value) != 0) throw new InvalidOperationException($"setenv({name}) failed");
    }

    /// <summary>The number of live native tensor handles (tensors not yet disposed or finalized).</summary>
    public static long live_tensors => LibTorch.lb_live_tensors();

    public static class cuda
    {
        public static bool is_available() => LibTorch.lb_cuda_is_available() == 1;
        public static int device_count() => LibTorch.lb_cuda_device_count();
    }

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        public GradModeGuard(bool enabled) => _previous = LibTorch.lb_grad_set_enabled(enabled ? 1 : 0) == 1;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            LibTorch.lb_grad_set_enabled(_previous ? 1 : 0);
        }
    }
}
