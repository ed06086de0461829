using LossBench.Torch.Optimizers;

namespace LossBench.Torch.Tests;

/// <summary>
/// Optimizer updates against the update rules written out by hand (PyTorch's documented
/// algorithms), on a parameter whose gradient is set directly so every number is known.
/// </summary>
public sealed class OptimizerTests
{
    private static Tensor Param(params double[] values) => torch.tensor(values, dtype: ScalarType.Float64, requires_grad: true);

    private static void SetGrad(Tensor p, params double[] g) => p.grad = torch.tensor(g, dtype: ScalarType.Float64);

    [Fact]
    public void Sgd_with_momentum_nesterov_and_weight_decay_follows_the_written_rule()
    {
        using var p = Param(1.0, -2.0);
        using var opt = new SGD([p], lr: 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true);
        double[] x = [1.0, -2.0], buf = [0, 0];
        double[][] grads = [[0.5, -1.0], [0.25, 2.0], [-1.0, 0.0]];
        for (var step = 0; step < grads.Length; step++)
        {
            SetGrad(p, grads[step]);
            opt.step();
            for (var i = 0; i < 2; i++)
            {
                var d = grads[step][i] + 0.01 * x[i];               // weight decay
                buf[i] = step == 0 ? d : 0.9 * buf[i] + d;          // momentum buffer (first step: copy)
                var update = d + 0.9 * buf[i];                      // Nesterov look-ahead
                x[i] -= 0.1 * update;
            }
            TorchAssert.Close(x, p, rtol: 1e-14, what: $"after step {step + 1}");
        }
    }

    [Fact]
    public void Sgd_with_dampening_scales_later_gradients()
    {
        using var p = Param(0.0);
        using var opt = new SGD([p], lr: 1.0, momentum: 0.5, dampening: 0.5);
        SetGrad(p, 1.0);
        opt.step(); // buf = 1, x = -1
        SetGrad(p, 1.0);
        opt.step(); // buf = 0.5 * 1 + (1 - 0.5) * 1 = 1, x = -2
        TorchAssert.Close([-2.0], p);
    }

    [Fact]
    public void Adam_first_step_moves_each_coordinate_by_lr_times_sign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr * g / (|g| + eps).
        using var p = Param(1.0, 1.0, 1.0);
        using var opt = new Adam([p], lr: 0.01, eps: 1e-8);
        SetGrad(p, 3.0, -0.5, 1e-3);
        opt.step();
        TorchAssert.Close([1 - 0.01 * 3 / (3 + 1e-8), 1 + 0.01 * 0.5 / (0.5 + 1e-8), 1 - 0.01 * 1e-3 / (1e-3 + 1e-8)], p, rtol: 1e-12);
    }

    [Fact]
    public void Adam_two_steps_match_bias_corrected_moments()
    {
        using var p = Param(0.5);
        using var opt = new Adam([p], lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.1);
        double x = 0.5, m = 0, v = 0;
        double[] grads = [2.0, -1.0];
        for (var t = 1; t <= 2; t++)
        {
            SetGrad(p, grads[t - 1]);
            opt.step();
            var g = grads[t - 1] + 0.1 * x; // Adam's L2 decay joins the gradient
            m = 0.9 * m + 0.1 * g;
            v = 0.99 * v + 0.01 * g * g;
            var mHat = m / (1 - Math.Pow(0.9, t));
            var vHat = v / (1 - Math.Pow(0.99, t));
            x -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
        }
        TorchAssert.Close([x], p, rtol: 1e-12);
    }

    [Fact]
    public void AdamW_decays_weights_apart_from_the_gradient()
    {
        using var p = Param(2.0);
        using var opt = new AdamW([p], lr: 0.1, weight_decay: 0.5, eps: 1e-8);
        SetGrad(p, 4.0);
        opt.step();
        // Decoupled: x ← x (1 - lr wd), then the Adam step lr * g / (|g| + eps) from the raw gradient.
        TorchAssert.Close([2.0 * (1 - 0.1 * 0.5) - 0.1 * 4.0 / (4.0 + 1e-8)], p, rtol: 1e-12);
    }

    [Fact]
    public void Zero_grad_forgets_or_zeroes_gradients()
    {
        using var p = Param(1.0);
        using var opt = new SGD([p], lr: 0.1);
        SetGrad(p, 3.0);
        opt.zero_grad(set_to_none: false);
        using (var g = p.grad) Assert.Equal([0.0], g!.ToArray<double>());
        opt.zero_grad();
        Assert.Null(p.grad);
    }

    [Fact]
    public void Learning_rate_can_be_read_and_changed()
    {
        using var p = Param(1.0);
        using var opt = new SGD([p], lr: 0.1);
        Assert.Equal(0.1, opt.LearningRate);
        opt.LearningRate = 0.5;
        SetGrad(p, 1.0);
        opt.step();
        TorchAssert.Close([0.5], p);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused()
    {
        using var p = Param(1.0);
        Assert.Throws<ArgumentException>(() => new SGD([p], lr: 0.1, nesterov: true));
    }
}
