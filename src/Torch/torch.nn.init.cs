namespace LossBench.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.init: in-place initialisers, each with an optional generator.</summary>
        public static class init
        {
            /// <summary>(fan_in, fan_out) of a weight of shape [out, in, *kernel].</summary>
            public static (long fanIn, long fanOut) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2) throw new ArgumentException("fan in and fan out need a tensor of at least 2 dimensions");
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            /// <summary>The recommended gain of an activation (PyTorch's table).</summary>
            public static double calculate_gain(string nonlinearity, double param = 0.01) => nonlinearity switch
            {
                "linear" or "conv2d" or "sigmoid" => 1.0,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + param * param)),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"unknown nonlinearity '{nonlinearity}'", nameof(nonlinearity)),
            };

            public static Tensor uniform_(Tensor tensor, double from = 0, double to = 1, Generator? generator = null)
            {
                using var _ = no_grad();
                return tensor.uniform_(from, to, generator);
            }

            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                using var _ = no_grad();
                return tensor.normal_(mean, std, generator);
            }

            public static Tensor zeros_(Tensor tensor)
            {
                using var _ = no_grad();
                return tensor.zero_();
            }

            public static Tensor ones_(Tensor tensor)
            {
                using var _ = no_grad();
                return tensor.fill_(1.0);
            }

            public static Tensor constant_(Tensor tensor, double value)
            {
                using var _ = no_grad();
                return tensor.fill_(value);
            }

            /// <summary>U(-b, b) with b = gain * sqrt(3 / fan), fan = fan_in (default) or fan_out.</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, bool fan_in = true, string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                var (fi, fo) = calculate_fan_in_and_fan_out(tensor);
                var gain = calculate_gain(nonlinearity, a);
                var bound = gain * Math.Sqrt(3.0 / (fan_in ? fi : fo));
                return uniform_(tensor, -bound, bound, generator);
            }

            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, bool fan_in = true, string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                var (fi, fo) = calculate_fan_in_and_fan_out(tensor);
                var std = calculate_gain(nonlinearity, a) / Math.Sqrt(fan_in ? fi : fo);
                return normal_(tensor, 0, std, generator);
            }

            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1, Generator? generator = null)
            {
                var (fi, fo) = calculate_fan_in_and_fan_out(tensor);
                var bound = gain * Math.Sqrt(6.0 / (fi + fo));
                return uniform_(tensor, -bound, bound, generator);
            }
        }
    }
}
