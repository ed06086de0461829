namespace LossBench.Torch.Native;

/// <summary>
/// Raw handles of several tensors for one native call, each reference-counted for the call's
/// duration so that none can be freed while the native side uses it.
/// </summary>
internal readonly ref struct HandleArray
{
    private readonly IReadOnlyList<Tensor?> _tensors;
    private readonly bool[] _added;
    private readonly TensorHandle?[] _handles;

    public HandleArray(IReadOnlyList<Tensor?> tensors)
    {
        _tensors = tensors;
        _added = new bool[tensors.Count];
        _handles = new TensorHandle?[tensors.Count];
        Handles = new IntPtr[tensors.Count];
        try
        {
            for (var i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (t is null) continue;
                var handle = t.NativeHandle; // throws for a disposed tensor
                _handles[i] = handle;
                handle.DangerousAddRef(ref _added[i]);
                Handles[i] = handle.DangerousGetHandle();
            }
        }
        catch
        {
            // A constructor that throws is never disposed: give back what was taken so far.
            Dispose();
            throw;
        }
    }

    public IntPtr[] Handles { get; }

    public int Length => Handles.Length;

    public void Dispose()
    {
        for (var i = 0; i < _added.Length; i++)
            if (_added[i])
            {
                _added[i] = false;
                _handles[i]!.DangerousRelease();
            }
    }
}
