using LossBench.Torch.Native;

namespace LossBench.Torch;

// Reductions over all elements or over dimensions, sorting and cumulative operations.
public sealed partial class Tensor
{
    public unsafe Tensor sum() => Wrap(LibTorch.lb_tensor_sum(NativeHandle, null, 0, 0, -1));

    // No sum(ScalarType) overload: C# would bind x.sum(0) to it (the literal 0 converts to any enum)
    // and sum as bytes. A dtype is given by name: x.sum([], dtype: ScalarType.Float64) sums everything.
    public unsafe Tensor sum(long[] dim, bool keepdim = false, ScalarType? dtype = null)
    {
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_sum(NativeHandle, d, dim.Length, keepdim ? 1 : 0, dtype.HasValue ? (int)dtype.Value : -1));
    }
    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => sum([dim], keepdim, dtype);

    public unsafe Tensor mean() => Wrap(LibTorch.lb_tensor_mean(NativeHandle, null, 0, 0));
    public unsafe Tensor mean(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_mean(NativeHandle, d, dim.Length, keepdim ? 1 : 0));
    }
    public Tensor mean(long dim, bool keepdim = false) => mean([dim], keepdim);

    public Tensor prod() => Wrap(LibTorch.lb_tensor_prod(NativeHandle, 0, 0, 0));
    public Tensor prod(long dim, bool keepdim = false) => Wrap(LibTorch.lb_tensor_prod(NativeHandle, dim, 1, keepdim ? 1 : 0));

    /// <summary>Variance with Bessel's correction unless <paramref name="unbiased"/> is false.</summary>
    public unsafe Tensor var(long[]? dim = null, bool unbiased = true, bool keepdim = false)
    {
        dim ??= [];
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_var(NativeHandle, d, dim.Length, unbiased ? 1 : 0, keepdim ? 1 : 0));
    }
    public unsafe Tensor std(long[]? dim = null, bool unbiased = true, bool keepdim = false)
    {
        dim ??= [];
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_std(NativeHandle, d, dim.Length, unbiased ? 1 : 0, keepdim ? 1 : 0));
    }

    public unsafe Tensor amax(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_amax(NativeHandle, d, dim.Length, keepdim ? 1 : 0));
    }
    public unsafe Tensor amin(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_amin(NativeHandle, d, dim.Length, keepdim ? 1 : 0));
    }
    /// <summary>Largest element.</summary>
    public unsafe Tensor max() => Wrap(LibTorch.lb_tensor_amax(NativeHandle, null, 0, 0));
    /// <summary>Smallest element.</summary>
    public unsafe Tensor min() => Wrap(LibTorch.lb_tensor_amin(NativeHandle, null, 0, 0));

    /// <summary>Largest values along a dimension and where they are.</summary>
    public unsafe (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
    {
        IntPtr v, i;
        Check(LibTorch.lb_tensor_max_dim(NativeHandle, dim, keepdim ? 1 : 0, &v, &i));
        return (FromNative(v, "max"), FromNative(i, "max"));
    }
    public unsafe (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
    {
        IntPtr v, i;
        Check(LibTorch.lb_tensor_min_dim(NativeHandle, dim, keepdim ? 1 : 0, &v, &i));
        return (FromNative(v, "min"), FromNative(i, "min"));
    }
    public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        IntPtr v, i;
        Check(LibTorch.lb_tensor_sort(NativeHandle, dim, descending ? 1 : 0, stable ? 1 : 0, &v, &i));
        return (FromNative(v, "sort"), FromNative(i, "sort"));
    }
    public unsafe (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        IntPtr v, i;
        Check(LibTorch.lb_tensor_topk(NativeHandle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &v, &i));
        return (FromNative(v, "topk"), FromNative(i, "topk"));
    }
    public Tensor argsort(long dim = -1, bool descending = false) => Wrap(LibTorch.lb_tensor_argsort(NativeHandle, dim, descending ? 1 : 0));

    public unsafe Tensor logsumexp(long[] dim, bool keepdim = false)
    {
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_logsumexp(NativeHandle, d, dim.Length, keepdim ? 1 : 0));
    }
    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp([dim], keepdim);

    public unsafe Tensor norm(double p = 2, long[]? dim = null, bool keepdim = false)
    {
        dim ??= [];
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_norm(NativeHandle, p, d, dim.Length, keepdim ? 1 : 0));
    }

    public Tensor all() => Wrap(LibTorch.lb_tensor_all(NativeHandle, 0, 0, 0));
    public Tensor all(long dim, bool keepdim = false) => Wrap(LibTorch.lb_tensor_all(NativeHandle, dim, 1, keepdim ? 1 : 0));
    public Tensor any() => Wrap(LibTorch.lb_tensor_any(NativeHandle, 0, 0, 0));
    public Tensor any(long dim, bool keepdim = false) => Wrap(LibTorch.lb_tensor_any(NativeHandle, dim, 1, keepdim ? 1 : 0));
    public Tensor argmax() => Wrap(LibTorch.lb_tensor_argmax(NativeHandle, 0, 0, 0));
    public Tensor argmax(long dim, bool keepdim = false) => Wrap(LibTorch.lb_tensor_argmax(NativeHandle, dim, 1, keepdim ? 1 : 0));
    public Tensor argmin() => Wrap(LibTorch.lb_tensor_argmin(NativeHandle, 0, 0, 0));
    public Tensor argmin(long dim, bool keepdim = false) => Wrap(LibTorch.lb_tensor_argmin(NativeHandle, dim, 1, keepdim ? 1 : 0));
    public unsafe Tensor count_nonzero(long[]? dim = null)
    {
        dim ??= [];
        fixed (long* d = dim) return Wrap(LibTorch.lb_tensor_count_nonzero(NativeHandle, d, dim.Length));
    }
    public Tensor cumsum(long dim) => Wrap(LibTorch.lb_tensor_cumsum(NativeHandle, dim));
    public Tensor cumprod(long dim) => Wrap(LibTorch.lb_tensor_cumprod(NativeHandle, dim));
    public Tensor bincount(Tensor? weights = null, long minlength = 0) =>
        Wrap(LibTorch.lb_tensor_bincount(NativeHandle, weights?.NativeHandle ?? TensorHandle.Null, minlength));
    public Tensor histc(long bins = 100, double min = 0, double max = 0) => Wrap(LibTorch.lb_tensor_histc(NativeHandle, bins, min, max));
}
