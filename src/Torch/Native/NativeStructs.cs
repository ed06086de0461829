using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>Mirror of <c>lb_scalar</c>: kind 0 floating, 1 integral, 2 boolean.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LbScalar
{
    public double D;
    public long I;
    public int Kind;
}

/// <summary>Mirror of <c>lb_index</c>: one element of an indexing expression.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LbIndex
{
    public int Kind;
    public long Start;
    public long Stop;
    public long Step;
    public IntPtr Tensor;
}
