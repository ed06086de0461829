using LossBench.Torch.Native;

namespace LossBench.Torch;

// Shape changes, joining and splitting.
public sealed partial class Tensor
{
    public unsafe Tensor reshape(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(LibTorch.lb_tensor_reshape(NativeHandle, s, shape.Length));
    }
    public unsafe Tensor view(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(LibTorch.lb_tensor_view(NativeHandle, s, shape.Length));
    }
    public unsafe Tensor expand(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(LibTorch.lb_tensor_expand(NativeHandle, s, shape.Length));
    }
    public unsafe Tensor repeat(params long[] repeats)
    {
        fixed (long* s = repeats) return Wrap(LibTorch.lb_tensor_repeat(NativeHandle, s, repeats.Length));
    }
    public unsafe Tensor permute(params long[] dims)
    {
        fixed (long* s = dims) return Wrap(LibTorch.lb_tensor_permute(NativeHandle, s, dims.Length));
    }
    public unsafe Tensor flip(params long[] dims)
    {
        fixed (long* s = dims) return Wrap(LibTorch.lb_tensor_flip(NativeHandle, s, dims.Length));
    }
    public unsafe Tensor roll(long[] shifts, long[] dims)
    {
        if (shifts.Length != dims.Length) throw new ArgumentException("roll: shifts and dims must have the same length");
        fixed (long* s = shifts)
        fixed (long* d = dims)
            return Wrap(LibTorch.lb_tensor_roll(NativeHandle, s, d, dims.Length));
    }
    public Tensor squeeze() => Wrap(LibTorch.lb_tensor_squeeze(NativeHandle, 0, 0));
    public Tensor squeeze(long dim) => Wrap(LibTorch.lb_tensor_squeeze(NativeHandle, dim, 1));
    public Tensor unsqueeze(long dim) => Wrap(LibTorch.lb_tensor_unsqueeze(NativeHandle, dim));
    public Tensor transpose(long dim0, long dim1) => Wrap(LibTorch.lb_tensor_transpose(NativeHandle, dim0, dim1));
    public Tensor flatten(long start_dim, long end_dim = -1) => Wrap(LibTorch.lb_tensor_flatten_range(NativeHandle, start_dim, end_dim));
    public Tensor narrow(long dim, long start, long length) => Wrap(LibTorch.lb_tensor_narrow(NativeHandle, dim, start, length));
    public Tensor select(long dim, long index) => Wrap(LibTorch.lb_tensor_select(NativeHandle, dim, index));
    public Tensor tril(long diagonal = 0) => Wrap(LibTorch.lb_tensor_tril(NativeHandle, diagonal));
    public Tensor triu(long diagonal = 0) => Wrap(LibTorch.lb_tensor_triu(NativeHandle, diagonal));

    public unsafe Tensor[] chunk(long chunks, long dim = 0)
    {
        var buffer = new IntPtr[Math.Max(1, chunks)];
        int n;
        fixed (IntPtr* p = buffer) n = LibTorch.lb_tensor_chunk(NativeHandle, chunks, dim, p, buffer.Length);
        return Collect(buffer, n, nameof(chunk));
    }

    /// <summary>Splits into pieces of <paramref name="size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public unsafe Tensor[] split(long size, long dim = 0)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "split size must be positive");
        var length = this.size(dim);
        var buffer = new IntPtr[Math.Max(1, (length + size - 1) / size)];
        int n;
        fixed (IntPtr* p = buffer) n = LibTorch.lb_tensor_split(NativeHandle, size, dim, p, buffer.Length);
        return Collect(buffer, n, nameof(split));
    }

    private static Tensor[] Collect(IntPtr[] handles, int n, string operation)
    {
        if (n < 0) throw TorchException.FromLastError(operation);
        var result = new Tensor[n];
        for (var i = 0; i < n; i++) result[i] = FromNative(handles[i], operation);
        return result;
    }
}
