using LossBench.Torch.Native;

namespace LossBench.Torch;

// Tensor factories. Random ones take an optional Generator; without one they use the global
// generator seeded by manual_seed.
public static partial class torch
{
    private static int DevType(Device? d) => (int)(d ?? Device.CPU).Type;
    private static int DevIndex(Device? d) => (d ?? Device.CPU).Index;

    private static Tensor Finish(Tensor t, bool requiresGrad)
    {
        if (requiresGrad) t.requires_grad = true;
        return t;
    }

    private static unsafe Tensor FromData<T>(T[] data, long[]? shape, ScalarType? dtype, Device? device, bool requiresGrad) where T : unmanaged
    {
        shape ??= [data.LongLength];
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.LongLength)
            throw new ArgumentException($"tensor: {data.LongLength} values cannot have shape [{string.Join(", ", shape)}]");
        var native = ScalarTypeExtensions.Of<T>();
        Tensor t;
        fixed (T* p = data)
        fixed (long* s = shape)
            t = Tensor.FromNative(LibTorch.lb_tensor_from_data(p, s, shape.Length, (int)native, DevType(device), DevIndex(device)), nameof(tensor));
        if (dtype.HasValue && dtype.Value != native)
        {
            var converted = t.to(dtype.Value);
            t.Dispose();
            t = converted;
        }
        return Finish(t, requiresGrad);
    }

    public static Tensor tensor(float[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromData(data, shape, dtype, device, requires_grad);
    public static Tensor tensor(double[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromData(data, shape, dtype, device, requires_grad);
    public static Tensor tensor(long[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null) =>
        FromData(data, shape, dtype, device, false);
    public static Tensor tensor(int[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null) =>
        FromData(data, shape, dtype, device, false);
    public static Tensor tensor(byte[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null) =>
        FromData(data, shape, dtype, device, false);
    public static Tensor tensor(bool[] data, long[]? shape = null, Device? device = null) =>
        FromData(data, shape, null, device, false);

    /// <summary>A zero-dimensional tensor.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Finish(full([], value, dtype, device), requires_grad);
    public static Tensor tensor(long value, Device? device = null) => full([], value, ScalarType.Int64, device);

    public static unsafe Tensor empty(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        fixed (long* s = size) return Tensor.FromNative(LibTorch.lb_tensor_empty(s, size.Length, (int)dtype, DevType(device), DevIndex(device)), nameof(empty));
    }
    public static unsafe Tensor zeros(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Finish(Tensor.FromNative(LibTorch.lb_tensor_zeros(s, size.Length, (int)dtype, DevType(device), DevIndex(device)), nameof(zeros)), requires_grad);
    }
    public static unsafe Tensor ones(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Finish(Tensor.FromNative(LibTorch.lb_tensor_ones(s, size.Length, (int)dtype, DevType(device), DevIndex(device)), nameof(ones)), requires_grad);
    }
    public static unsafe Tensor full(long[] size, Scalar value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Finish(Tensor.FromNative(LibTorch.lb_tensor_full(s, size.Length, value.Native, (int)dtype, DevType(device), DevIndex(device)), nameof(full)), requires_grad);
    }
    /// <summary>
    /// Values from start (inclusive) to end (exclusive) by step. Without a dtype, int64 when all
    /// three are integers and float32 otherwise, as in PyTorch.
    /// </summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType? dtype = null, Device? device = null)
    {
        var s = step ?? 1;
        var type = dtype ?? (start.IsFloatingPoint || end.IsFloatingPoint || s.IsFloatingPoint ? ScalarType.Float32 : ScalarType.Int64);
        return Tensor.FromNative(LibTorch.lb_tensor_arange(start.Native, end.Native, s.Native, (int)type, DevType(device), DevIndex(device)), nameof(arange));
    }
    public static Tensor arange(long end, ScalarType dtype = ScalarType.Int64, Device? device = null) => arange(0, end, 1, dtype, device);
    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_linspace(start, end, steps, (int)dtype, DevType(device), DevIndex(device)), nameof(linspace));
    public static Tensor eye(long n, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_eye(n, (int)dtype, DevType(device), DevIndex(device)), nameof(eye));

    /// <summary>Uniform samples in [0, 1).</summary>
    public static unsafe Tensor rand(long[] size, Generator? generator = null, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Finish(Tensor.FromNative(LibTorch.lb_tensor_rand(s, size.Length, Generator.HandleOf(generator), (int)dtype, DevType(device), DevIndex(device)), nameof(rand)), requires_grad);
    }
    /// <summary>Standard normal samples.</summary>
    public static unsafe Tensor randn(long[] size, Generator? generator = null, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Finish(Tensor.FromNative(LibTorch.lb_tensor_randn(s, size.Length, Generator.HandleOf(generator), (int)dtype, DevType(device), DevIndex(device)), nameof(randn)), requires_grad);
    }
    /// <summary>Integers uniform in [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] size, Generator? generator = null, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        fixed (long* s = size) return Tensor.FromNative(LibTorch.lb_tensor_randint(low, high, s, size.Length, Generator.HandleOf(generator), (int)dtype, DevType(device), DevIndex(device)), nameof(randint));
    }
    public static Tensor randint(long high, long[] size, Generator? generator = null, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        randint(0, high, size, generator, dtype, device);
    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor randperm(long n, Generator? generator = null, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_randperm(n, Generator.HandleOf(generator), (int)dtype, DevType(device), DevIndex(device)), nameof(randperm));

    public static Tensor full_like(Tensor input, Scalar value) => Tensor.FromNative(LibTorch.lb_tensor_full_like(input.NativeHandle, value.Native), nameof(full_like));
    public static Tensor rand_like(Tensor input, Generator? generator = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_rand_like(input.NativeHandle, Generator.HandleOf(generator)), nameof(rand_like));
    public static Tensor randn_like(Tensor input, Generator? generator = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_randn_like(input.NativeHandle, Generator.HandleOf(generator)), nameof(randn_like));
    /// <summary>Samples 0/1 with the given probabilities.</summary>
    public static Tensor bernoulli(Tensor probabilities, Generator? generator = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_bernoulli(probabilities.NativeHandle, Generator.HandleOf(generator)), nameof(bernoulli));
    public static Tensor multinomial(Tensor probabilities, long num_samples, bool replacement = false, Generator? generator = null) =>
        Tensor.FromNative(LibTorch.lb_tensor_multinomial(probabilities.NativeHandle, num_samples, replacement ? 1 : 0, Generator.HandleOf(generator)), nameof(multinomial));

    /// <summary>A tensor holding a copy of raw little-endian bytes in the given dtype and shape.</summary>
    public static unsafe Tensor from_bytes(ReadOnlySpan<byte> data, long[] shape, ScalarType dtype, Device? device = null)
    {
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count * dtype.ElementSize() != data.Length)
            throw new ArgumentException($"from_bytes: {data.Length} bytes cannot hold [{string.Join(", ", shape)}] of {dtype}");
        fixed (byte* p = data)
        fixed (long* s = shape)
            return Tensor.FromNative(LibTorch.lb_tensor_from_data(p, s, shape.Length, (int)dtype, DevType(device), DevIndex(device)), nameof(from_bytes));
    }
}
