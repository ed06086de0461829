using LossBench.Torch.Native;

namespace LossBench.Torch.Optimizers;

/// <summary>Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay (PyTorch's rule).</summary>
public sealed class SGD : Optimizer
{
    public unsafe SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(Create(Validated(parameters, momentum, dampening, nesterov),
            (p, n) => LibTorch.lb_optim_sgd_new((IntPtr*)p, n, lr, momentum, dampening, weight_decay, nesterov ? 1 : 0)), nameof(SGD))
    {
    }

    private static IEnumerable<Tensor> Validated(IEnumerable<Tensor> parameters, double momentum, double dampening, bool nesterov)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening 0");
        return parameters;
    }
}
