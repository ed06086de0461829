namespace LossBench.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and disposes
/// those still owned by it when it is disposed. A training step runs inside one, so native memory
/// is returned at the end of each step instead of whenever the garbage collector runs.
/// Create with <see cref="torch.NewDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    // Scopes nest per thread, like libtorch's own thread-local grad mode.
    [ThreadStatic] private static DisposeScope? _current;

    private readonly HashSet<Tensor> _owned = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = _current;
        _current = this;
    }

    /// <summary>The scope that was innermost when this one was created, if any.</summary>
    public DisposeScope? Outer { get; }

    internal static DisposeScope? Current => _current;

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _owned.Count;

    internal void Add(Tensor tensor) => _owned.Add(tensor);

    internal void Remove(Tensor tensor) => _owned.Remove(tensor);

    /// <summary>Moves a tensor out of this scope into the outer one (or none).</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        if (!ReferenceEquals(tensor.OwningScope, this))
            throw new InvalidOperationException("the tensor does not belong to this dispose scope");
        return tensor.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in _owned) tensor.DisposeFromScope();
        _owned.Clear();
        // Scopes are disposed innermost-first; restoring Outer also repairs an out-of-order dispose.
        if (ReferenceEquals(_current, this)) _current = Outer;
    }
}
