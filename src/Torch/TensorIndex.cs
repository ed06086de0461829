using LossBench.Torch.Native;

namespace LossBench.Torch;

/// <summary>
/// One element of an indexing expression, as between the brackets of <c>tensor[...]</c> in
/// PyTorch: an integer, a slice (a C# range such as <c>1..^1</c>, or <see cref="Slice"/> with a
/// step), a long index tensor or a boolean mask, <see cref="None"/> (new axis) or <see cref="Ellipsis"/>.
/// </summary>
public readonly struct TensorIndex
{
    private const long Omitted = long.MinValue;

    private TensorIndex(int kind, long start = Omitted, long stop = Omitted, long step = Omitted, Tensor? tensor = null)
    {
        Kind = kind;
        Start = start;
        Stop = stop;
        Step = step;
        Tensor = tensor;
    }

    internal int Kind { get; }
    internal long Start { get; }
    internal long Stop { get; }
    internal long Step { get; }
    internal Tensor? Tensor { get; }

    public static TensorIndex None => new(0);
    public static TensorIndex Ellipsis => new(1);
    public static TensorIndex Single(long index) => new(2, start: index);

    public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) =>
        new(3, start ?? Omitted, stop ?? Omitted, step ?? Omitted);

    public static implicit operator TensorIndex(long index) => Single(index);
    public static implicit operator TensorIndex(int index) => Single(index);
    public static implicit operator TensorIndex(bool value) => new(5, start: value ? 1 : 0);
    public static implicit operator TensorIndex(Tensor indices) => new(4, tensor: indices);

    /// <summary>A C# range: <c>^k</c> counts from the end as a negative bound does in PyTorch.</summary>
    public static implicit operator TensorIndex(Range range)
    {
        // ^0 is the end: omitted as a stop, and as a start a bound past the end (libtorch clamps it).
        static long? Bound(Index i, bool isEnd) =>
            i.IsFromEnd ? (i.Value == 0 ? (isEnd ? null : long.MaxValue) : -i.Value) : i.Value;
        return Slice(Bound(range.Start, false), Bound(range.End, true));
    }

    internal LbIndex ToNative() => new()
    {
        Kind = Kind,
        Start = Start,
        Stop = Stop,
        Step = Step,
        Tensor = Tensor?.NativeHandle.DangerousGetHandle() ?? IntPtr.Zero,
    };
}
