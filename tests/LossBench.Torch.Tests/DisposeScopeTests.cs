namespace LossBench.Torch.Tests;

/// <summary>
/// Dispose scopes return native tensors deterministically: counted with torch.live_tensors, the
/// process-wide number of native handles, so these tests run alone.
/// </summary>
[Collection(NativeHandlesCollection.Name)]
public sealed class DisposeScopeTests
{
    /// <summary>The live handle count once tensors that other tests dropped have been finalized.</summary>
    private static long SettledLiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.live_tensors;
    }

    [Fact]
    public void Live_tensor_count_follows_creation_and_disposal()
    {
        var before = SettledLiveTensors();
        var a = torch.ones([3]);
        var b = a * 2;
        Assert.Equal(before + 2, torch.live_tensors);
        a.Dispose();
        b.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Ten_thousand_steps_each_in_a_scope_leave_no_tensor_behind()
    {
        var before = SettledLiveTensors();
        using var x = torch.tensor(new double[] { 1, 2, 3, 4 });
        double total = 0;
        for (var step = 0; step < 10_000; step++)
        {
            using var scope = torch.NewDisposeScope();
            var y = x * 2 + 1;
            var s = (y * y).sum();
            Assert.Equal(4, scope.Count); // x * 2, + 1, y * y, sum
            total += s.item<double>();
        }
        // Each step: (2x + 1)^2 summed over 1..4 = 9 + 25 + 49 + 81 = 164.
        Assert.Equal(164.0 * 10_000, total);
        x.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Scopes_dispose_only_what_they_own()
    {
        var before = SettledLiveTensors();
        var outside = torch.ones([2]);
        Tensor inside;
        using (var scope = torch.NewDisposeScope())
        {
            inside = outside + 1;
            Assert.Same(scope, inside.OwningScope);
            Assert.Null(outside.OwningScope);
        }
        Assert.True(inside.IsDisposed);
        Assert.False(outside.IsDisposed);
        TorchAssert.Close([1, 1], outside);
        outside.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Move_to_outer_scope_keeps_a_tensor_until_the_outer_scope_ends()
    {
        var before = SettledLiveTensors();
        Tensor kept, dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                kept = torch.full([2], 5.0).MoveToOuterDisposeScope();
                dropped = torch.full([2], 6.0);
                Assert.Same(outer, kept.OwningScope);
                Assert.Same(inner, dropped.OwningScope);
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
            TorchAssert.Close([5, 5], kept);
            Assert.Equal(before + 1, torch.live_tensors);
        }
        Assert.True(kept.IsDisposed);
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Scope_move_to_outer_refuses_a_tensor_it_does_not_own()
    {
        var before = SettledLiveTensors();
        using (var outer = torch.NewDisposeScope())
        {
            var own = torch.ones([1]);
            using (var inner = torch.NewDisposeScope())
            {
                Assert.Throws<InvalidOperationException>(() => inner.MoveToOuter(own));
                var mine = torch.ones([1]);
                Assert.Same(mine, inner.MoveToOuter(mine));
                Assert.Same(outer, mine.OwningScope);
            }
            Assert.Equal(before + 2, torch.live_tensors);
        }
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Nested_scopes_dispose_inner_tensors_first_and_outer_ones_last()
    {
        var before = SettledLiveTensors();
        Tensor a, b, c;
        using (torch.NewDisposeScope())
        {
            a = torch.ones([1]);
            using (torch.NewDisposeScope())
            {
                b = a + 1;
                using (torch.NewDisposeScope())
                    c = b + 1;
                Assert.True(c.IsDisposed);
                Assert.False(b.IsDisposed);
            }
            Assert.True(b.IsDisposed);
            Assert.False(a.IsDisposed);
            // Tensors made after an inner scope ended belong to the outer one again.
            var d = a * 3;
            Assert.Equal(3.0, d.item<double>());
            Assert.Equal(before + 2, torch.live_tensors);
        }
        Assert.True(a.IsDisposed);
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Detached_tensor_outlives_its_scope_and_is_disposed_by_hand()
    {
        var before = SettledLiveTensors();
        Tensor detached;
        using (torch.NewDisposeScope())
        {
            detached = torch.full([3], 2.0).DetachFromDisposeScope();
            Assert.Null(detached.OwningScope);
        }
        Assert.False(detached.IsDisposed);
        TorchAssert.Close([2, 2, 2], detached);
        Assert.Equal(before + 1, torch.live_tensors);
        detached.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void A_tensor_disposed_by_hand_inside_a_scope_is_not_freed_twice()
    {
        var before = SettledLiveTensors();
        using (torch.NewDisposeScope())
        {
            var t = torch.ones([2]);
            t.Dispose();
            Assert.Null(t.OwningScope);
            Assert.Equal(before, torch.live_tensors);
        }
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Moving_out_of_the_outermost_scope_leaves_the_tensor_to_the_caller()
    {
        var before = SettledLiveTensors();
        Tensor t;
        using (torch.NewDisposeScope())
            t = torch.ones([2]).MoveToOuterDisposeScope();
        Assert.False(t.IsDisposed);
        Assert.Null(t.OwningScope);
        t.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void A_scope_collects_only_tensors_of_its_own_thread()
    {
        var before = SettledLiveTensors();
        Tensor? other = null;
        using (torch.NewDisposeScope())
        {
            var thread = new Thread(() => other = torch.ones([2]));
            thread.Start();
            thread.Join();
            Assert.Null(other!.OwningScope);
        }
        Assert.False(other.IsDisposed);
        other.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Tensors_that_escape_every_scope_are_freed_by_the_finalizer()
    {
        var before = SettledLiveTensors();
        CreateAndDrop(100);
        Assert.Equal(before, SettledLiveTensors());
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CreateAndDrop(int count)
    {
        var before = torch.live_tensors;
        for (var i = 0; i < count; i++) _ = torch.ones([2]) + i;
        Assert.Equal(before + 2 * count, torch.live_tensors);
    }

    [Fact]
    public void A_call_refused_for_a_disposed_tensor_in_a_list_does_not_keep_the_others_alive()
    {
        var before = SettledLiveTensors();
        var live = torch.ones([2]);
        var disposed = torch.ones([2]);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => torch.cat([live, disposed]));
        Assert.Throws<ObjectDisposedException>(() => torch.stack([live, live, disposed]));
        live.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void Gradients_and_multi_output_operations_are_collected_too()
    {
        var before = SettledLiveTensors();
        using (torch.NewDisposeScope())
        {
            var x = torch.tensor(new double[] { 3, 1, 2 }, requires_grad: true);
            var (values, indices) = x.sort();
            var pieces = x.split(1);
            (values * values).sum().backward();
            var g = x.grad!;
            Assert.Equal(3, pieces.Length);
            Assert.False(indices.IsDisposed);
            TorchAssert.Close([6, 2, 4], g);
        }
        Assert.Equal(before, torch.live_tensors);
    }
}
