using LossBench.Torch.Native;

namespace LossBench.Torch;

public static partial class torch
{
    /// <summary>torch.autograd: gradients of outputs with respect to chosen inputs.</summary>
    public static class autograd
    {
        /// <summary>
        /// Sum of gradients of <paramref name="outputs"/> with respect to each of <paramref name="inputs"/>.
        /// With <paramref name="create_graph"/> the result is itself differentiable (Hessian-vector
        /// products by double backward). An input the outputs do not depend on gives null when
        /// <paramref name="allow_unused"/> is set, and an error otherwise.
        /// </summary>
        public static unsafe IReadOnlyList<Tensor?> grad(
            IReadOnlyList<Tensor> outputs,
            IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null,
            bool retain_graph = false,
            bool create_graph = false,
            bool allow_unused = false)
        {
            using var outs = new HandleArray(outputs);
            using var ins = new HandleArray(inputs);
            using var gouts = new HandleArray(grad_outputs ?? []);
            var results = new IntPtr[inputs.Count];
            int status;
            fixed (IntPtr* o = outs.Handles)
            fixed (IntPtr* i = ins.Handles)
            fixed (IntPtr* g = gouts.Handles)
            fixed (IntPtr* r = results)
                status = LibTorch.lb_autograd_grad(o, outs.Length, i, ins.Length, g, gouts.Length,
                    retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, r);
            TorchException.Check(status, "autograd.grad");
            var grads = new Tensor?[results.Length];
            for (var k = 0; k < results.Length; k++) grads[k] = Tensor.FromNativeOrNull(results[k]);
            return grads;
        }
    }
}
