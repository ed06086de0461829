using LossBench.Torch.Native;

namespace LossBench.Torch.Optimizers;

/// <summary>Adam with decoupled weight decay (PyTorch's torch.optim.AdamW; default decay 0.01).</summary>
public sealed class AdamW : Optimizer
{
    public unsafe AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0.01, bool amsgrad = false)
        : base(Create(parameters, (p, n) => LibTorch.lb_optim_adamw_new((IntPtr*)p, n, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0)), nameof(AdamW))
    {
    }
}
