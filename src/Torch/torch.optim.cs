using LossBench.Torch.Optimizers;

namespace LossBench.Torch;

public static partial class torch
{
    /// <summary>torch.optim: optimizers and learning-rate schedules.</summary>
    public static class optim
    {
        public static SGD SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false,
            bool fused = true) => new(parameters, lr, momentum, dampening, weight_decay, nesterov, fused);

        public static Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false) => new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0.01, bool amsgrad = false) => new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static class lr_scheduler
        {
            public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, long T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);
            public static StepLR StepLR(Optimizer optimizer, long step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);
            public static LinearWarmupLR LinearWarmupLR(Optimizer optimizer, long warmup_steps, double start_factor = 0, LRScheduler? after = null) =>
                new(optimizer, warmup_steps, start_factor, after);
        }
    }
}
