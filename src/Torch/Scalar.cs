using LossBench.Torch.Native;

namespace LossBench.Torch;

/// <summary>A number passed to an operation: integral values stay integral, as in PyTorch.</summary>
public readonly struct Scalar
{
    private readonly LbScalar _value;

    private Scalar(LbScalar value) => _value = value;

    internal LbScalar Native => _value;

    /// <summary>True for a floating-point value (PyTorch then picks a floating dtype where it infers one).</summary>
    public bool IsFloatingPoint => _value.Kind == 0;

    public static implicit operator Scalar(double v) => new(new LbScalar { D = v, Kind = 0 });
    public static implicit operator Scalar(float v) => new(new LbScalar { D = v, Kind = 0 });
    public static implicit operator Scalar(long v) => new(new LbScalar { I = v, Kind = 1 });
    public static implicit operator Scalar(int v) => new(new LbScalar { I = v, Kind = 1 });
    public static implicit operator Scalar(bool v) => new(new LbScalar { I = v ? 1 : 0, Kind = 2 });

    public override string ToString() => _value.Kind switch
    {
        0 => _value.D.ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => _value.I.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => _value.I != 0 ? "True" : "False",
    };
}
