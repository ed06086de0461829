using LossBench.Torch.Native;

namespace LossBench.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.functional: layers, activations, pooling and losses as functions.</summary>
        public static class functional
        {
            private static Tensor Wrap(IntPtr handle, [System.Runtime.CompilerServices.CallerMemberName] string op = "") =>
                Tensor.FromNative(handle, "nn.functional." + op);

            private static TensorHandle Opt(Tensor? t) => t?.NativeHandle ?? TensorHandle.Null;

            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                Wrap(LibTorch.lb_nn_linear(input.NativeHandle, weight.NativeHandle, Opt(bias)));

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1)
            {
                long* s = stackalloc long[] { stride, stride };
                long* p = stackalloc long[] { padding, padding };
                long* d = stackalloc long[] { dilation, dilation };
                return Wrap(LibTorch.lb_nn_conv2d(input.NativeHandle, weight.NativeHandle, Opt(bias), s, p, d, groups));
            }

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long) padding, (long, long) dilation, long groups = 1)
            {
                long* s = stackalloc long[] { stride.Item1, stride.Item2 };
                long* p = stackalloc long[] { padding.Item1, padding.Item2 };
                long* d = stackalloc long[] { dilation.Item1, dilation.Item2 };
                return Wrap(LibTorch.lb_nn_conv2d(input.NativeHandle, weight.NativeHandle, Opt(bias), s, p, d, groups));
            }

            /// <summary>Batch normalisation; in training mode the running statistics are updated in place.</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                Wrap(LibTorch.lb_nn_batch_norm(input.NativeHandle, Opt(weight), Opt(bias), Opt(running_mean), Opt(running_var), training ? 1 : 0, momentum, eps));

            public static unsafe Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                fixed (long* s = normalized_shape)
                    return Wrap(LibTorch.lb_nn_layer_norm(input.NativeHandle, s, normalized_shape.Length, Opt(weight), Opt(bias), eps));
            }

            public static Tensor relu(Tensor input) => input.relu();
            public static Tensor relu6(Tensor input) => input.relu6();
            public static Tensor silu(Tensor input) => input.silu();
            public static Tensor mish(Tensor input) => input.mish();
            public static Tensor selu(Tensor input) => input.selu();
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            public static Tensor tanh(Tensor input) => input.tanh();
            public static Tensor hardswish(Tensor input) => input.hardswish();
            public static Tensor hardsigmoid(Tensor input) => input.hardsigmoid();
            public static Tensor logsigmoid(Tensor input) => input.log_sigmoid();
            public static Tensor gelu(Tensor input, bool tanh_approximation = false) => Wrap(LibTorch.lb_nn_gelu(input.NativeHandle, tanh_approximation ? 1 : 0));
            public static Tensor softplus(Tensor input, double beta = 1, double threshold = 20) => Wrap(LibTorch.lb_nn_softplus(input.NativeHandle, beta, threshold));
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01) => Wrap(LibTorch.lb_nn_leaky_relu(input.NativeHandle, negative_slope));
            public static Tensor elu(Tensor input, double alpha = 1) => Wrap(LibTorch.lb_nn_elu(input.NativeHandle, alpha));

            /// <summary>
            /// Max-pooling. A 2x2 window with stride 2 over a contiguous float32 CPU batch (N, C, H, W)
            /// takes LossBench's own kernel (native/src/max_pool.h), several times faster than
            /// libtorch 1.13's generic loop for this layout, with the same values, gradients and
            /// tie-breaking to the bit; every other case is libtorch's max_pool2d.
            /// </summary>
            public static unsafe Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                Wrap(WithPoolWindow((input, ceil_mode), kernel_size, stride, padding, dilation,
                    static (a, k, s, p, d) => LibTorch.lb_nn_max_pool2d(a.input.NativeHandle, k, s, p, d, a.ceil_mode ? 1 : 0)));

            private unsafe delegate TResult PoolCall<TArgs, TResult>(TArgs args, long* kernel, long* stride, long* padding, long* dilation);

            /// <summary>Calls a native pooling function with the window's (height, width) pairs on the stack.</summary>
            private static unsafe TResult WithPoolWindow<TArgs, TResult>(TArgs args, long kernel_size, long? stride, long padding, long dilation, PoolCall<TArgs, TResult> call)
            {
                var st = stride ?? kernel_size;
                long* k = stackalloc long[] { kernel_size, kernel_size };
                long* s = stackalloc long[] { st, st };
                long* p = stackalloc long[] { padding, padding };
                long* d = stackalloc long[] { dilation, dilation };
                return call(args, k, s, p, d);
            }

            /// <summary>
            /// <c>max_pool2d(relu(input), ...)</c>: the same values and gradients to the bit. Where the
            /// pool takes LossBench's 2x2 kernel, the two run as one pass that never makes relu's
            /// output and whose backward writes each input gradient once (what <see cref="Modules.Sequential"/>
            /// runs for a ReLU followed by such a MaxPool2d).
            /// </summary>
            public static unsafe Tensor relu_max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                Wrap(WithPoolWindow((input, ceil_mode), kernel_size, stride, padding, dilation,
                    static (a, k, s, p, d) => LibTorch.lb_nn_relu_max_pool2d(a.input.NativeHandle, k, s, p, d, a.ceil_mode ? 1 : 0)));

            /// <summary>
            /// libtorch's max_pool2d_with_indices, always (PyTorch's <c>F.max_pool2d(..., return_indices=True)</c>):
            /// the pooled values and, for each, its position in the flattened H x W plane of its input.
            /// </summary>
            public static unsafe (Tensor values, Tensor indices) max_pool2d_with_indices(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                WithPoolWindow((input, ceil_mode), kernel_size, stride, padding, dilation, static (a, k, s, p, d) =>
                {
                    IntPtr values, indices;
                    TorchException.Check(LibTorch.lb_nn_max_pool2d_with_indices(a.input.NativeHandle, k, s, p, d, a.ceil_mode ? 1 : 0, &values, &indices), nameof(max_pool2d_with_indices));
                    return (Tensor.FromNative(values, "nn.functional.max_pool2d_with_indices"), Tensor.FromNative(indices, "nn.functional.max_pool2d_with_indices"));
                });

            /// <summary>The kernels behind <see cref="max_pool2d"/>'s 2x2 fast path (native/src/max_pool.h).</summary>
            internal enum MaxPool2x2Kernel { Best = 0, Portable = 1, Avx512 = 2 }

            /// <summary>One of those kernels alone, with its indices and no autograd node: for tests.</summary>
            internal static unsafe (Tensor values, Tensor indices) max_pool2x2_kernel(Tensor input, MaxPool2x2Kernel kernel, bool relu_first = false)
            {
                IntPtr values, indices;
                TorchException.Check(LibTorch.lb_nn_max_pool2x2_kernel(input.NativeHandle, (int)kernel, relu_first ? 1 : 0, &values, &indices), nameof(max_pool2x2_kernel));
                return (Tensor.FromNative(values, "nn.functional.max_pool2x2_kernel"), Tensor.FromNative(indices, "nn.functional.max_pool2x2_kernel"));
            }

            /// <summary>Whether this CPU runs the AVX-512 kernel of the 2x2 max-pool.</summary>
            internal static bool max_pool2x2_has_avx512 => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

            public static unsafe Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true)
            {
                var st = stride ?? kernel_size;
                long* k = stackalloc long[] { kernel_size, kernel_size };
                long* s = stackalloc long[] { st, st };
                long* p = stackalloc long[] { padding, padding };
                return Wrap(LibTorch.lb_nn_avg_pool2d(input.NativeHandle, k, s, p, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0));
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, (long h, long w) output_size)
            {
                long* o = stackalloc long[] { output_size.h, output_size.w };
                return Wrap(LibTorch.lb_nn_adaptive_avg_pool2d(input.NativeHandle, o));
            }

            public static unsafe Tensor adaptive_max_pool2d(Tensor input, (long h, long w) output_size)
            {
                long* o = stackalloc long[] { output_size.h, output_size.w };
                return Wrap(LibTorch.lb_nn_adaptive_max_pool2d(input.NativeHandle, o));
            }

            /// <summary>Inverted dropout; with a generator the mask comes from it, so runs repeat per generator seed.</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
                return Wrap(LibTorch.lb_nn_dropout(input.NativeHandle, p, training ? 1 : 0, Generator.HandleOf(generator)));
            }

            public static Tensor softmax(Tensor input, long dim) => Wrap(LibTorch.lb_nn_softmax(input.NativeHandle, dim));
            public static Tensor log_softmax(Tensor input, long dim) => Wrap(LibTorch.lb_nn_log_softmax(input.NativeHandle, dim));

            /// <summary>
            /// Cross-entropy of logits against class indices (int64 [N]) or class probabilities
            /// (float [N, C]), with optional class weights and label smoothing, as in PyTorch.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
                long ignore_index = -100, double label_smoothing = 0.0) =>
                Wrap(LibTorch.lb_nn_cross_entropy(input.NativeHandle, target.NativeHandle, Opt(weight), (int)reduction, ignore_index, label_smoothing));

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                Wrap(LibTorch.lb_nn_nll_loss(input.NativeHandle, target.NativeHandle, Opt(weight), (int)reduction, ignore_index));

            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Tensor? pos_weight = null,
                Reduction reduction = Reduction.Mean) =>
                Wrap(LibTorch.lb_nn_binary_cross_entropy_with_logits(input.NativeHandle, target.NativeHandle, Opt(weight), Opt(pos_weight), (int)reduction));

            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                Wrap(LibTorch.lb_nn_binary_cross_entropy(input.NativeHandle, target.NativeHandle, Opt(weight), (int)reduction));

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Wrap(LibTorch.lb_nn_mse_loss(input.NativeHandle, target.NativeHandle, (int)reduction));

            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Wrap(LibTorch.lb_nn_l1_loss(input.NativeHandle, target.NativeHandle, (int)reduction));

            /// <summary>KL divergence with <paramref name="input"/> given as log-probabilities.</summary>
            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false) =>
                Wrap(LibTorch.lb_nn_kl_div(input.NativeHandle, target.NativeHandle, (int)reduction, log_target ? 1 : 0));

            public static Tensor one_hot(Tensor labels, long num_classes = -1) => Wrap(LibTorch.lb_nn_one_hot(labels.NativeHandle, num_classes));

            /// <summary>Pads the last dimensions: pad = (left, right, top, bottom, ...); mode constant, reflect, replicate or circular.</summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0)
            {
                fixed (long* p = pad) return Wrap(LibTorch.lb_nn_pad(input.NativeHandle, p, pad.Length, mode, value));
            }

            /// <summary>Sampling grid [N, H, W, 2] for affine matrices theta [N, 2, 3] and output size [N, C, H, W].</summary>
            public static unsafe Tensor affine_grid(Tensor theta, long[] size, bool align_corners = false)
            {
                fixed (long* s = size) return Wrap(LibTorch.lb_nn_affine_grid(theta.NativeHandle, s, size.Length, align_corners ? 1 : 0));
            }

            /// <summary>Samples input at grid locations; mode bilinear, nearest or bicubic; padding zeros, border or reflection.</summary>
            public static Tensor grid_sample(Tensor input, Tensor grid, string mode = "bilinear", string padding_mode = "zeros", bool align_corners = false)
            {
                var m = mode switch
                {
                    "bilinear" => 0,
                    "nearest" => 1,
                    "bicubic" => 2,
                    _ => throw new ArgumentException($"grid_sample: unknown mode '{mode}' (bilinear, nearest, bicubic)", nameof(mode)),
                };
                var p = padding_mode switch
                {
                    "zeros" => 0,
                    "border" => 1,
                    "reflection" => 2,
                    _ => throw new ArgumentException($"grid_sample: unknown padding_mode '{padding_mode}' (zeros, border, reflection)", nameof(padding_mode)),
                };
                return Wrap(LibTorch.lb_nn_grid_sample(input.NativeHandle, grid.NativeHandle, m, p, align_corners ? 1 : 0));
            }

            /// <summary>Resizes [N, C, H, W] to (h, w); mode bilinear, nearest, bicubic or area.</summary>
            public static unsafe Tensor interpolate(Tensor input, (long h, long w) size, string mode = "nearest", bool align_corners = false)
            {
                var m = mode switch
                {
                    "bilinear" => 0,
                    "nearest" => 1,
                    "bicubic" => 2,
                    "area" => 3,
                    _ => throw new ArgumentException($"interpolate: unknown mode '{mode}'", nameof(mode)),
                };
                long* s = stackalloc long[] { size.h, size.w };
                return Wrap(LibTorch.lb_nn_interpolate(input.NativeHandle, s, m, align_corners ? 1 : 0));
            }
        }
    }
}
