using LossBench.Torch.Modules;

namespace LossBench.Torch.Tests;

/// <summary>nn.Module bookkeeping and the built-in layers against hand-computed results.</summary>
public sealed class ModuleTests
{
    private static Sequential Mlp() => torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2));

    [Fact]
    public void State_dict_names_follow_pytorch()
    {
        using var net = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 2));
        Assert.Equal(
            ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias"],
            net.state_dict().Keys);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"], net.named_parameters().Select(p => p.name));
        Assert.Equal(2 * 9 + 2 + 2 + 2 + 8 * 2 + 2, net.parameter_count());
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Linear_computes_x_w_transpose_plus_b()
    {
        using var layer = torch.nn.Linear(2, 2);
        using (torch.no_grad())
        {
            using var w = torch.tensor([1f, 2f, 3f, 4f], [2, 2]);
            using var b = torch.tensor([0.5f, -1f]);
            layer.weight.copy_(w);
            layer.bias!.copy_(b);
        }
        using var scope = torch.NewDisposeScope();
        var y = layer.forward(torch.tensor([1f, 1f, 2f, -1f], [2, 2]));
        // [1,1]·W^T = [3, 7]; [2,-1]·W^T = [0, 2]; plus b.
        TorchAssert.Tensor([2, 2], [3.5, 6, 0.5, 1], y);
    }

    [Fact]
    public void Default_initialisation_stays_within_pytorch_bounds()
    {
        torch.manual_seed(3);
        using var layer = torch.nn.Linear(100, 50);
        // Kaiming-uniform with a = √5 gives bound √(6 / ((1 + 5) fan_in)) = 1/√fan_in, as for the bias.
        var bound = 1 / Math.Sqrt(100);
        var w = layer.weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound, "uses the whole interval");
        Assert.All(layer.bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void Batch_norm_uses_batch_statistics_in_training_and_running_ones_in_evaluation()
    {
        using var bn = torch.nn.BatchNorm2d(1, eps: 0, momentum: 0.1);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor([1f, 2f, 3f, 6f], [4, 1, 1, 1]); // mean 3, biased var 3.5, unbiased var 14/3

        bn.train();
        var y = bn.forward(x);
        var s = Math.Sqrt(3.5);
        TorchAssert.Close([-2 / s, -1 / s, 0, 3 / s], y, rtol: 1e-6, atol: 1e-6);
        TorchAssert.Close([0.1 * 3], bn.running_mean, rtol: 1e-6);
        TorchAssert.Close([0.9 * 1 + 0.1 * 14.0 / 3], bn.running_var, rtol: 1e-6);
        Assert.Equal(1L, bn.num_batches_tracked.item<long>());

        bn.eval();
        var z = bn.forward(x);
        var rv = Math.Sqrt(0.9 + 0.1 * 14.0 / 3);
        TorchAssert.Close([(1 - 0.3) / rv, (2 - 0.3) / rv, (3 - 0.3) / rv, (6 - 0.3) / rv], z, rtol: 1e-6);
        Assert.Equal(1L, bn.num_batches_tracked.item<long>());
    }

    [Fact]
    public void Dropout_scales_kept_values_in_training_and_is_identity_in_evaluation()
    {
        using var generator = new Generator(11);
        using var dropout = torch.nn.Dropout(0.25, generator);
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([10000]);

        var y = dropout.forward(x).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - 1 / 0.75f) < 1e-6, $"value {v}"));
        var dropped = y.Count(v => v == 0f) / 10000.0;
        Assert.InRange(dropped, 0.25 - 0.02, 0.25 + 0.02); // binomial sd ≈ 0.0043

        dropout.eval();
        Assert.Equal(x.ToArray<float>(), dropout.forward(x).ToArray<float>());
    }

    [Fact]
    public void Train_and_eval_reach_every_child()
    {
        using var net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sequential(torch.nn.Dropout(), torch.nn.BatchNorm2d(1)));
        net.eval();
        Assert.All(net.named_modules(), m => Assert.False(m.module.training));
        net.train();
        Assert.All(net.named_modules(), m => Assert.True(m.module.training));
    }

    [Fact]
    public void Load_state_dict_copies_values_and_names_every_problem()
    {
        using var a = Mlp();
        using var b = Mlp();
        b.load_state_dict(a.state_dict());
        foreach (var (name, tensor) in a.state_dict()) Assert.Equal(tensor.ToBytes(), b.state_dict()[name].ToBytes());

        using var scope = torch.NewDisposeScope();
        var partial = a.state_dict().Where(kv => kv.Key != "2.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        partial["extra"] = torch.zeros([1]);
        partial["0.weight"] = torch.zeros([5, 4]);
        var error = Assert.Throws<InvalidOperationException>(() => b.load_state_dict(partial));
        Assert.Contains("missing: 2.bias", error.Message);
        Assert.Contains("unexpected: extra", error.Message);
        Assert.Contains("0.weight: expected [3, 4], got [5, 4]", error.Message);
    }

    [Fact]
    public void Module_parameters_survive_the_dispose_scope_they_were_created_in()
    {
        Sequential net;
        using (torch.NewDisposeScope()) net = Mlp();
        using (net)
        {
            Assert.All(net.parameters(), p => Assert.False(p.IsDisposed));
            using var scope = torch.NewDisposeScope();
            Assert.Equal([5L, 2L], net.forward(torch.ones([5, 4])).shape);
        }
        Assert.All(net.parameters(), p => Assert.True(p.IsDisposed));
    }

    [Fact]
    public void To_float64_converts_parameters_and_keeps_them_trainable()
    {
        using var net = Mlp();
        var before = net.state_dict()["0.weight"].ToArray<float>();
        net.to(ScalarType.Float64);
        var w = net.state_dict()["0.weight"];
        Assert.Equal(ScalarType.Float64, w.dtype);
        Assert.True(w.requires_grad);
        Assert.Equal(before.Select(v => (double)v), w.ToArray<double>());
        using var scope = torch.NewDisposeScope();
        net.forward(torch.ones([1, 4], ScalarType.Float64)).sum().backward();
        Assert.NotNull(w.grad);
    }

    [Fact]
    public void Sequential_releases_what_it_created_and_keeps_gradients_exact()
    {
        // y = w2 . relu(w1 x): with w1 = [[1, -1], [2, 1]], w2 = [[1, 1]] and x = [3, 1], the hidden
        // pre-activation is [2, 7], y = 9, and dy/dx = w1^T (w2 * 1[h > 0]) = [1 + 2, -1 + 1] = [3, 0].
        using var net = torch.nn.Sequential(torch.nn.Linear(2, 2, hasBias: false), torch.nn.ReLU(), torch.nn.Linear(2, 1, hasBias: false));
        using (torch.no_grad())
        {
            net.parameters().ElementAt(0).copy_(torch.tensor(new float[] { 1, -1, 2, 1 }).view(2, 2));
            net.parameters().ElementAt(1).copy_(torch.tensor(new float[] { 1, 1 }).view(1, 2));
        }
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 3, 1 }).view(1, 2).requires_grad_();
        var before = scope.Count;
        var y = net.forward(x);
        // Two layers' outputs were consumed and released; only the result stays in the scope.
        Assert.Equal(before + 1, scope.Count);
        Assert.Equal(9f, y.item<float>());
        var gradient = torch.autograd.grad([y.sum()], [x])[0]!;
        Assert.Equal([3f, 0f], gradient.ToArray<float>());
    }

    [Fact]
    public void Sequential_never_releases_its_input_or_a_tensor_a_layer_keeps()
    {
        using var kept = torch.ones([2]);
        using var net = torch.nn.Sequential(new Lambda("constant", _ => kept), new Lambda("identity", t => t), torch.nn.ReLU());
        using var scope = torch.NewDisposeScope();
        var input = torch.zeros([2]);
        var output = net.forward(input);
        Assert.False(input.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal([1f, 1f], output.ToArray<float>());
        // Outside any dispose scope nothing is released: there is no scope to tell what the pass created.
        var unscoped = new List<Tensor>();
        using var loose = torch.nn.Sequential(new Lambda("record", t => { var r = t.relu(); unscoped.Add(r); return r; }), torch.nn.ReLU());
        scope.Dispose();
        using var plain = torch.ones([2]);
        using var result = loose.forward(plain);
        Assert.False(unscoped[0].IsDisposed);
        unscoped[0].Dispose();
    }
}
