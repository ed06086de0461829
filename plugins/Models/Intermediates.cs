using LossBench.Torch;

namespace LossBench.Plugins.Models;

/// <summary>
/// Early release of a block's intermediate outputs, as PyTorch's reference counting does: the
/// autograd graph holds (by reference count) what backward needs and frees it as backward runs, so
/// a block's own handle can go as soon as the next op has consumed it. Left to the step's dispose
/// scope, the block's whole working set would stay live through backward and the optimizer step.
/// </summary>
internal static class Intermediates
{
    /// <summary>f(x), then x released (unless f returned x itself).</summary>
    public static Tensor Consume(Tensor x, Func<Tensor, Tensor> f)
    {
        var y = f(x);
        if (!ReferenceEquals(y, x)) x.Dispose();
        return y;
    }
}
