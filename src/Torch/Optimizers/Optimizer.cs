using LossBench.Torch.Native;

namespace LossBench.Torch.Optimizers;

/// <summary>
/// An optimizer of libtorch's torch::optim over a fixed list of parameters. The whole update of
/// all parameters is one native call, and the update rules are PyTorch's own.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private IntPtr _handle;

    private protected Optimizer(IntPtr handle, string name)
    {
        if (handle == IntPtr.Zero) throw TorchException.FromLastError(name);
        _handle = handle;
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(GetType().Name);

    /// <summary>Applies one update from the parameters' current gradients.</summary>
    public void step() => TorchException.Check(LibTorch.lb_optim_step(Handle), "optimizer.step");

    /// <summary>Clears gradients; by default forgets them (set_to_none), which also skips zero-filling.</summary>
    public void zero_grad(bool set_to_none = true) =>
        TorchException.Check(LibTorch.lb_optim_zero_grad(Handle, set_to_none ? 1 : 0), "optimizer.zero_grad");

    /// <summary>The learning rate of every parameter group (schedulers set it each step).</summary>
    public unsafe double LearningRate
    {
        get
        {
            double lr;
            TorchException.Check(LibTorch.lb_optim_get_lr(Handle, &lr), "optimizer.lr");
            return lr;
        }
        set => TorchException.Check(LibTorch.lb_optim_set_lr(Handle, value), "optimizer.lr");
    }

    /// <summary>Raw handles of the parameters, kept alive for the constructor call.</summary>
    private protected static unsafe IntPtr Create(IEnumerable<Tensor> parameters, Func<nint, int, IntPtr> create)
    {
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter");
        using var handles = new HandleArray(list);
        fixed (IntPtr* p = handles.Handles) return create((nint)p, handles.Length);
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero) LibTorch.lb_optim_free(_handle);
        _handle = IntPtr.Zero;
        GC.SuppressFinalize(this);
    }

    ~Optimizer()
    {
        if (_handle != IntPtr.Zero) LibTorch.lb_optim_free(_handle);
    }
}
