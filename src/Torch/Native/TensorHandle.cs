using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>
/// Owns one native tensor handle (an <c>at::Tensor*</c>). Disposing frees it at once; the
/// finalizer is only the safety net for a tensor that escaped every dispose scope.
/// </summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    /// <summary>Stands for an absent optional tensor argument (NULL on the native side).</summary>
    public static readonly TensorHandle Null = new();

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibTorch.lb_tensor_free(handle);
        return true;
    }
}
