using LossBench.Torch.Native;

namespace LossBench.Torch;

/// <summary>
/// A random number generator of libtorch's (Philox/MT as libtorch chooses per device), passed to
/// random factories and in-place samplers so that randomness is reproducible per purpose.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr _handle;

    public Generator(ulong seed, Device? device = null)
    {
        var d = device ?? Device.CPU;
        _handle = LibTorch.lb_generator_new(seed, (int)d.Type, d.Index);
        if (_handle == IntPtr.Zero) throw TorchException.FromLastError("Generator");
        Device = d;
    }

    public Device Device { get; }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Generator));

    public ulong initial_seed() => LibTorch.lb_generator_initial_seed(Handle);

    public Generator manual_seed(ulong seed)
    {
        TorchException.Check(LibTorch.lb_generator_set_seed(Handle, seed), "Generator.manual_seed");
        return this;
    }

    /// <summary>The full state as a byte tensor, to restore later with <see cref="set_state"/>.</summary>
    public Tensor get_state() => Tensor.FromNative(LibTorch.lb_generator_get_state(Handle), "Generator.get_state");

    public void set_state(Tensor state) =>
        TorchException.Check(LibTorch.lb_generator_set_state(Handle, state.NativeHandle), "Generator.set_state");

    internal static IntPtr HandleOf(Generator? g) => g?.Handle ?? IntPtr.Zero;

    public void Dispose()
    {
        if (_handle != IntPtr.Zero) LibTorch.lb_generator_free(_handle);
        _handle = IntPtr.Zero;
        GC.SuppressFinalize(this);
    }

    ~Generator()
    {
        if (_handle != IntPtr.Zero) LibTorch.lb_generator_free(_handle);
    }
}
