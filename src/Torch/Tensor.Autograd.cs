using LossBench.Torch.Native;

namespace LossBench.Torch;

// Autograd on a tensor: requires_grad, backward and the accumulated gradient.
public sealed partial class Tensor
{
    public bool requires_grad
    {
        get => LibTorch.lb_tensor_requires_grad(NativeHandle) == 1;
        set => Check(LibTorch.lb_tensor_set_requires_grad(NativeHandle, value ? 1 : 0), nameof(requires_grad));
    }

    public Tensor requires_grad_(bool requires = true)
    {
        requires_grad = requires;
        return this;
    }

    public bool is_leaf => LibTorch.lb_tensor_is_leaf(NativeHandle) == 1;

    /// <summary>
    /// The name of the autograd node that made this tensor (PyTorch's <c>grad_fn.name()</c>), or
    /// null for a leaf and for a tensor made without gradient tracking.
    /// </summary>
    public string? grad_fn_name
    {
        get
        {
            var p = LibTorch.lb_tensor_grad_fn_name(NativeHandle);
            if (p == IntPtr.Zero) throw TorchException.FromLastError(nameof(grad_fn_name));
            var name = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(p);
            return string.IsNullOrEmpty(name) ? null : name;
        }
    }

    /// <summary>The gradient accumulated by backward, or null when none was computed.</summary>
    public unsafe Tensor? grad
    {
        get
        {
            IntPtr g;
            Check(LibTorch.lb_tensor_grad(NativeHandle, &g), nameof(grad));
            return FromNativeOrNull(g);
        }
        set => Check(LibTorch.lb_tensor_set_grad(NativeHandle, value?.NativeHandle ?? TensorHandle.Null), nameof(grad));
    }

    /// <summary>
    /// Replaces this tensor's data with <paramref name="source"/>'s (shape, dtype, device, storage)
    /// while this object, its requires_grad setting and every holder of it stay the same; PyTorch's
    /// <c>param.data = ...</c>.
    /// </summary>
    public void set_data(Tensor source) => Check(LibTorch.lb_tensor_set_data(NativeHandle, source.NativeHandle));

    public void retain_grad() => Check(LibTorch.lb_tensor_retain_grad(NativeHandle));

    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        Check(LibTorch.lb_tensor_backward(NativeHandle, gradient?.NativeHandle ?? TensorHandle.Null, retain_graph ? 1 : 0, create_graph ? 1 : 0));
}
