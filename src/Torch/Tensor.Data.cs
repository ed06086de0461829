using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LossBench.Torch.Native;

namespace LossBench.Torch;

// Metadata and moving data between tensors and managed arrays.
public sealed partial class Tensor
{
    private static Tensor Wrap(IntPtr handle, [CallerMemberName] string operation = "") => FromNative(handle, operation);

    private static void Check(int status, [CallerMemberName] string operation = "") => TorchException.Check(status, operation);

    public unsafe long[] shape
    {
        get
        {
            Span<long> buffer = stackalloc long[16];
            int n;
            fixed (long* p = buffer) n = LibTorch.lb_tensor_shape(NativeHandle, p, buffer.Length);
            if (n < 0) throw TorchException.FromLastError(nameof(shape));
            if (n <= buffer.Length) return buffer[..n].ToArray();
            var large = new long[n];
            fixed (long* p = large) LibTorch.lb_tensor_shape(NativeHandle, p, n);
            return large;
        }
    }

    /// <summary>The length of one dimension; a negative dimension counts from the end.</summary>
    public unsafe long size(long dim)
    {
        long n;
        Check(LibTorch.lb_tensor_size(NativeHandle, dim, &n));
        return n;
    }

    public int dim() => LibTorch.lb_tensor_dim(NativeHandle);

    public int ndim => dim();

    public long numel() => LibTorch.lb_tensor_numel(NativeHandle);

    public ScalarType dtype => (ScalarType)LibTorch.lb_tensor_dtype(NativeHandle);

    public unsafe Device device
    {
        get
        {
            int type, index;
            Check(LibTorch.lb_tensor_device(NativeHandle, &type, &index));
            return type == 0 ? Device.CPU : new Device((DeviceType)type, index);
        }
    }

    public bool is_contiguous() => LibTorch.lb_tensor_is_contiguous(NativeHandle) == 1;

    /// <summary>The single value of a one-element tensor.</summary>
    public unsafe T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool) || typeof(T) == typeof(byte))
        {
            long v;
            Check(LibTorch.lb_tensor_item_long(NativeHandle, &v));
            if (typeof(T) == typeof(long)) return (T)(object)v;
            if (typeof(T) == typeof(int)) return (T)(object)checked((int)v);
            if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)v);
            return (T)(object)(v != 0);
        }
        double d;
        Check(LibTorch.lb_tensor_item(NativeHandle, &d));
        if (typeof(T) == typeof(double)) return (T)(object)d;
        if (typeof(T) == typeof(float)) return (T)(object)(float)d;
        throw new NotSupportedException($"item<{typeof(T).Name}> is not supported");
    }

    /// <summary>Copies the elements, row-major, into a new array; T must match the dtype.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var expected = ScalarTypeExtensions.Of<T>();
        if (dtype != expected)
            throw new InvalidOperationException($"ToArray<{typeof(T).Name}> needs a {expected} tensor but this one is {dtype}; convert with to({expected}) first");
        var result = new T[numel()];
        fixed (T* p = result)
            Check(LibTorch.lb_tensor_copy_to(NativeHandle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Copies the raw bytes (the dtype's own representation, little-endian here).</summary>
    public unsafe byte[] ToBytes()
    {
        var result = new byte[numel() * dtype.ElementSize()];
        fixed (byte* p = result)
            Check(LibTorch.lb_tensor_copy_to(NativeHandle, p, result.Length));
        return result;
    }

    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        return $"Tensor(shape=[{string.Join(", ", shape)}], dtype={dtype}, device={device})";
    }

    /// <summary>libtorch's own printout of the values.</summary>
    public string ToStringWithValues()
    {
        var p = LibTorch.lb_tensor_to_string(NativeHandle);
        if (p == IntPtr.Zero) throw TorchException.FromLastError(nameof(ToStringWithValues));
        return Marshal.PtrToStringUTF8(p) ?? "";
    }
}
