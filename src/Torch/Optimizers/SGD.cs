using LossBench.Torch.Native;

namespace LossBench.Torch.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay (PyTorch's rule).
/// With <c>fused</c> (the default) float32 parameters on the CPU are updated in one pass over memory
/// instead of one pass per element-wise operation, with bit-identical results. When any parameter
/// is of another kind (dtype, device, layout), and always with <c>fused: false</c>, every parameter
/// takes libtorch's op-by-op torch::optim::SGD.
/// </summary>
public sealed class SGD : Optimizer
{
    public unsafe SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false,
        bool fused = true)
        : base(Create(Validated(parameters, momentum, dampening, nesterov),
            (p, n) => LibTorch.lb_optim_sgd_new((IntPtr*)p, n, lr, momentum, dampening, weight_decay, nesterov ? 1 : 0, fused ? 1 : 0)), nameof(SGD))
    {
    }

    private static IEnumerable<Tensor> Validated(IEnumerable<Tensor> parameters, double momentum, double dampening, bool nesterov)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening 0");
        return parameters;
    }
}
