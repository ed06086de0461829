using LossBench.Torch.Native;

namespace LossBench.Torch;

/// <summary>
/// A libtorch tensor. Operations return new tensors; methods ending in an underscore change this
/// one in place, as in PyTorch. Each tensor belongs to the innermost <see cref="DisposeScope"/>
/// of the thread that created it (if any) and is freed with it, unless moved out.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;
    private DisposeScope? _scope;

    private Tensor(IntPtr handle)
    {
        _handle = new TensorHandle(handle);
        _scope = DisposeScope.Current;
        _scope?.Add(this);
    }

    /// <summary>Takes ownership of a handle returned by the native library; NULL means it failed.</summary>
    internal static Tensor FromNative(IntPtr handle, string operation)
    {
        if (handle == IntPtr.Zero) throw TorchException.FromLastError(operation);
        return new Tensor(handle);
    }

    /// <summary>Like <see cref="FromNative"/>, for results that may legitimately be absent.</summary>
    internal static Tensor? FromNativeOrNull(IntPtr handle) => handle == IntPtr.Zero ? null : new Tensor(handle);

    internal TensorHandle NativeHandle =>
        _handle.IsClosed ? throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed (directly or by its dispose scope)") : _handle;

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    public DisposeScope? OwningScope => _scope;

    /// <summary>Hands this tensor to the scope outside its current one (or to no scope).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var scope = _scope;
        if (scope is null) return this;
        scope.Remove(this);
        _scope = scope.Outer;
        _scope?.Add(this);
        return this;
    }

    /// <summary>Takes this tensor out of every scope: the caller disposes it (or the finalizer does).</summary>
    public Tensor DetachFromDisposeScope()
    {
        _scope?.Remove(this);
        _scope = null;
        return this;
    }

    internal void DisposeFromScope()
    {
        _scope = null;
        _handle.Dispose();
    }

    public void Dispose()
    {
        _scope?.Remove(this);
        _scope = null;
        _handle.Dispose();
    }

    /// <summary>Number of native tensor handles alive in this process (all threads).</summary>
    public static long LiveHandles => LibTorch.lb_live_tensors();
}
