using LossBench.Torch.Native;

namespace LossBench.Torch;

// torch-level functions over several tensors: joining, selection and contraction.
public static partial class torch
{
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        using var handles = new HandleArray(tensors);
        fixed (IntPtr* p = handles.Handles) return Tensor.FromNative(LibTorch.lb_tensor_cat(p, handles.Length, dim), nameof(cat));
    }

    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        using var handles = new HandleArray(tensors);
        fixed (IntPtr* p = handles.Handles) return Tensor.FromNative(LibTorch.lb_tensor_stack(p, handles.Length, dim), nameof(stack));
    }

    public static unsafe Tensor einsum(string equation, params Tensor[] operands)
    {
        using var handles = new HandleArray(operands);
        fixed (IntPtr* p = handles.Handles) return Tensor.FromNative(LibTorch.lb_tensor_einsum(equation, p, handles.Length), nameof(einsum));
    }

    /// <summary>Elements of <paramref name="input"/> where <paramref name="condition"/> holds, else of <paramref name="other"/>.</summary>
    public static Tensor where(Tensor condition, Tensor input, Tensor other) =>
        Tensor.FromNative(LibTorch.lb_tensor_where(condition.NativeHandle, input.NativeHandle, other.NativeHandle), nameof(where));

    public static Tensor clamp(Tensor input, double? min = null, double? max = null) => input.clamp(min, max);
    public static Tensor add(Tensor input, Tensor other, Scalar? alpha = null) => input.add(other, alpha);
    public static Tensor sub(Tensor input, Tensor other, Scalar? alpha = null) => input.sub(other, alpha);
    public static Tensor sum(Tensor input) => input.sum();
    public static Tensor mean(Tensor input) => input.mean();
    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
    public static Tensor flatten(Tensor input, long start_dim, long end_dim = -1) => input.flatten(start_dim, end_dim);
    public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
    public static Tensor lerp(Tensor input, Tensor end, Scalar weight) => input.lerp(end, weight);
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
        input.allclose(other, rtol, atol, equal_nan);
    public static bool equal(Tensor input, Tensor other) => input.equal(other);
}
