namespace LossBench.Torch.Native;

/// <summary>
/// Raw handles of several tensors for one native call, each reference-counted for the call's
/// duration so that none can be freed while the native side uses it.
/// </summary>
internal readonly ref struct HandleArray
{
    private readonly IReadOnlyList<Tensor?> _tensors;
    private readonly bool[] _added;

    public HandleArray(IReadOnlyList<Tensor?> tensors)
    {
        _tensors = tensors;
        _added = new bool[tensors.Count];
        Handles = new IntPtr[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            if (t is null) continue;
            var handle = t.NativeHandle;
            handle.DangerousAddRef(ref _added[i]);
            Handles[i] = handle.DangerousGetHandle();
        }
    }

    public IntPtr[] Handles { get; }

    public int Length => Handles.Length;

    public void Dispose()
    {
        for (var i = 0; i < _added.Length; i++)
            if (_added[i]) _tensors[i]!.NativeHandle.DangerousRelease();
    }
}
