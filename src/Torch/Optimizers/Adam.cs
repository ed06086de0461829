using LossBench.Torch.Native;

namespace LossBench.Torch.Optimizers;

/// <summary>Adam with L2 weight decay added to the gradient (PyTorch's torch.optim.Adam).</summary>
public sealed class Adam : Optimizer
{
    public unsafe Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false)
        : base(Create(parameters, (p, n) => LibTorch.lb_optim_adam_new((IntPtr*)p, n, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0)), nameof(Adam))
    {
    }
}
