namespace LossBench.Torch.Tests;

/// <summary>
/// libtorch's errors arrive as <see cref="TorchException"/> with libtorch's own message, leave the
/// process and the engine usable, and are kept per thread; disposed tensors are refused.
/// </summary>
public sealed class ErrorHandlingTests
{
    [Fact]
    public void Matrix_product_of_mismatched_shapes_raises_and_the_next_product_is_correct()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var error = Assert.Throws<TorchException>(() => a.mm(a));
        Assert.Contains("shapes cannot be multiplied", error.Message);
        Assert.Contains("2x3", error.Message);

        // [1 2 3; 4 5 6] @ [1 0; 0 1; 1 1] = [4 5; 10 11]
        var b = torch.tensor(new double[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        TorchAssert.Tensor([2, 2], [4, 5, 10, 11], a.mm(b));
    }

    [Fact]
    public void Adding_tensors_of_incompatible_sizes_raises_with_libtorchs_message()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones([2]);
        var b = torch.ones([3]);
        var error = Assert.Throws<TorchException>(() => a + b);
        Assert.Contains("must match the size of tensor b (3)", error.Message);
        TorchAssert.Close([2, 2, 2], b + b);
    }

    [Fact]
    public void Each_failure_reports_its_own_message_not_an_earlier_one()
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.ones([2, 3]);
        Assert.Contains("shapes cannot be multiplied", Assert.Throws<TorchException>(() => m.mm(m)).Message);
        var reshape = Assert.Throws<TorchException>(() => m.reshape(4));
        Assert.Contains("shape '[4]' is invalid for input of size 6", reshape.Message);
        Assert.DoesNotContain("multiplied", reshape.Message);
        var join = Assert.Throws<TorchException>(() => torch.cat([torch.ones([1, 2]), torch.ones([1, 3])]));
        Assert.Contains("Sizes of tensors must match", join.Message);
        var item = Assert.Throws<TorchException>(() => m.item<double>());
        Assert.Contains("6 elements cannot be converted to Scalar", item.Message);
    }

    [Theory]
    [InlineData(4L)]
    [InlineData(17L)]
    [InlineData(-3L)]
    public void Cross_entropy_with_a_label_out_of_range_raises(long label)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros([2, 4], ScalarType.Float64);
        var error = Assert.Throws<TorchException>(() => torch.nn.functional.cross_entropy(logits, torch.tensor(new long[] { 1, label })));
        Assert.Contains("out of bounds", error.Message);
        // Four equal logits: every label costs log 4.
        TorchAssert.Close(Math.Log(4), torch.nn.functional.cross_entropy(logits, torch.tensor(new long[] { 1, 3 })).item<double>(), rtol: 1e-15);
    }

    [Fact]
    public void Autograd_misuse_raises_with_libtorchs_message()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        var constant = torch.tensor(new double[] { 1, 2 });
        var unused = Assert.Throws<TorchException>(() => torch.autograd.grad([constant.sum()], [x]));
        Assert.Contains("does not require grad", unused.Message);

        // An input the output does not depend on is an error unless allow_unused, which gives null.
        var other = torch.tensor(new double[] { 5 }, requires_grad: true);
        var notUsed = Assert.Throws<TorchException>(() => torch.autograd.grad([(x * 3).sum()], [x, other]));
        Assert.Contains("appears to not have been used in the graph", notUsed.Message);
        var grads = torch.autograd.grad([(x * 3).sum()], [x, other], allow_unused: true);
        TorchAssert.Close([3, 3], grads[0]!);
        Assert.Null(grads[1]);

        var y = (x * x).sum();
        y.backward();
        var twice = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("backward through the graph a second time", twice.Message);

        // The tensors involved are still usable: d/dx sum(x^2) = 2x.
        TorchAssert.Close([2, 4], x.grad!);
        TorchAssert.Close([1, 4], x * x);
    }

    [Fact]
    public void Splitting_along_a_dimension_that_does_not_exist_raises_a_torch_exception()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(6);
        var error = Assert.Throws<TorchException>(() => x.split(2, 3));
        Assert.Contains("Dimension out of range", error.Message);
    }

    [Fact]
    public void A_disposed_tensor_is_refused_as_receiver_and_as_argument()
    {
        using var scope = torch.NewDisposeScope();
        var live = torch.ones([2]);
        var disposed = torch.ones([2]);
        disposed.Dispose();
        Assert.True(disposed.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => disposed.sum());
        Assert.Throws<ObjectDisposedException>(() => disposed.shape);
        Assert.Throws<ObjectDisposedException>(() => live + disposed);
        Assert.Throws<ObjectDisposedException>(() => torch.cat([live, disposed]));
        Assert.Throws<ObjectDisposedException>(() => disposed.ToArray<float>());
        Assert.Equal("Tensor(disposed)", disposed.ToString());
        disposed.Dispose(); // a second dispose is harmless
        TorchAssert.Close([2, 2], live * 2);
    }

    [Fact]
    public void A_tensor_disposed_by_its_scope_is_refused()
    {
        Tensor escaped;
        using (torch.NewDisposeScope())
            escaped = torch.ones([3]);
        Assert.True(escaped.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => escaped.sum());
    }

    [Fact]
    public void Errors_are_kept_per_thread()
    {
        // Two threads fail at the same time with different errors; each must see its own message.
        const int rounds = 200;
        using var barrier = new Barrier(2);
        string? failure = null;

        void Run(Func<Tensor> fail, string expected)
        {
            try
            {
                using var scope = torch.NewDisposeScope();
                for (var i = 0; i < rounds; i++)
                {
                    barrier.SignalAndWait();
                    var error = Assert.Throws<TorchException>(fail);
                    if (!error.Message.Contains(expected, StringComparison.Ordinal))
                        failure ??= $"round {i}: expected '{expected}' in '{error.Message}'";
                }
            }
            catch (Exception e)
            {
                failure ??= e.ToString();
                barrier.RemoveParticipant();
            }
        }

        var mm = new Thread(() =>
        {
            using var scope = torch.NewDisposeScope();
            var m = torch.ones([2, 3]);
            Run(() => m.mm(m), "shapes cannot be multiplied");
        });
        var add = new Thread(() =>
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.ones([2]);
            var b = torch.ones([5]);
            Run(() => a + b, "must match the size of tensor b (5)");
        });
        mm.Start();
        add.Start();
        Assert.True(mm.Join(TimeSpan.FromSeconds(30)) && add.Join(TimeSpan.FromSeconds(30)), "the threads did not finish");
        Assert.Null(failure);
    }
}
