using LossBench.Torch.Modules;

namespace LossBench.Torch;

public static partial class torch
{
    /// <summary>torch.nn: layer factories with PyTorch's names and defaults.</summary>
    public static partial class nn
    {
        public static Linear Linear(long in_features, long out_features, bool hasBias = true, Generator? generator = null) =>
            new(in_features, out_features, hasBias, generator);

        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool hasBias = true, Generator? generator = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, hasBias, generator);

        public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true) =>
            new(num_features, eps, momentum, affine);

        public static Dropout Dropout(double p = 0.5, Generator? generator = null) => new(p, generator);

        public static Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);

        public static Lambda ReLU() => new(nameof(ReLU), x => x.relu(), new ReluOperation());
        public static Lambda SiLU() => new(nameof(SiLU), x => x.silu());
        public static Lambda GELU() => new(nameof(GELU), x => functional.gelu(x));
        public static Lambda Tanh() => new(nameof(Tanh), x => x.tanh());
        public static Lambda Sigmoid() => new(nameof(Sigmoid), x => x.sigmoid());
        public static Lambda Softplus(double beta = 1, double threshold = 20) => new(nameof(Softplus), x => functional.softplus(x, beta, threshold));
        public static Lambda LeakyReLU(double negative_slope = 0.01) => new(nameof(LeakyReLU), x => functional.leaky_relu(x, negative_slope));
        public static Lambda Identity() => new(nameof(Identity), x => x);
        public static Lambda MaxPool2d(long kernel_size, long? stride = null, long padding = 0) =>
            new(nameof(MaxPool2d), x => functional.max_pool2d(x, kernel_size, stride, padding), new MaxPool2dOperation(kernel_size, stride, padding));
        public static Lambda AvgPool2d(long kernel_size, long? stride = null, long padding = 0) =>
            new(nameof(AvgPool2d), x => functional.avg_pool2d(x, kernel_size, stride, padding));
        public static Lambda AdaptiveAvgPool2d(long h, long w) => new(nameof(AdaptiveAvgPool2d), x => functional.adaptive_avg_pool2d(x, (h, w)));
        public static Lambda Flatten(long start_dim = 1, long end_dim = -1) => new(nameof(Flatten), x => x.flatten(start_dim, end_dim));
    }
}
