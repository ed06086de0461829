using F = LossBench.Torch.torch.nn.functional;

namespace LossBench.Torch.Tests;

/// <summary>
/// Seeded generators repeat their draws exactly; different seeds give different draws; the
/// global generator (shared by every thread, hence the collection) repeats after manual_seed.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class DeterminismTests
{
    [Fact]
    public void Libtorch_runs_on_the_one_thread_the_test_setup_pins()
    {
        // Reductions split work by thread, so the thread count is part of what makes results repeat.
        Assert.Equal(1, torch.get_num_threads());
    }

    [Fact]
    public void Two_generators_with_the_same_seed_draw_identical_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        Assert.True(torch.randn([1000], g1).equal(torch.randn([1000], g2)), "randn");
        Assert.True(torch.rand([3, 7], g1, ScalarType.Float64).equal(torch.rand([3, 7], g2, ScalarType.Float64)), "rand");
        Assert.True(torch.randint(0, 100, [50], g1).equal(torch.randint(0, 100, [50], g2)), "randint");
        Assert.True(torch.randperm(20, g1).equal(torch.randperm(20, g2)), "randperm");
        Assert.True(torch.randn_like(torch.zeros([4]), g1).equal(torch.randn_like(torch.zeros([4]), g2)), "randn_like");
    }

    [Fact]
    public void Generators_with_different_seeds_draw_different_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var g1 = new Generator(1);
        using var g2 = new Generator(2);
        var a = torch.randn([100], g1).ToArray<float>();
        var b = torch.randn([100], g2).ToArray<float>();
        // Continuous draws from independent streams should not coincide anywhere.
        Assert.All(a.Zip(b), p => Assert.NotEqual(p.First, p.Second));
    }

    [Fact]
    public void Successive_draws_from_one_generator_differ()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(7);
        Assert.False(torch.randn([100], g).equal(torch.randn([100], g)));
    }

    [Fact]
    public void Manual_seed_repeats_the_global_stream()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1234);
        var a = torch.randn([500]);
        var a2 = torch.rand([10]);
        torch.manual_seed(1234);
        var b = torch.randn([500]);
        var b2 = torch.rand([10]);
        Assert.True(a.equal(b), "randn after the same manual_seed");
        Assert.True(a2.equal(b2), "the stream continues identically");
        torch.manual_seed(4321);
        Assert.False(a.equal(torch.randn([500])), "another seed gives another stream");
    }

    [Fact]
    public void Draws_from_a_generator_do_not_advance_the_global_stream()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(5);
        torch.manual_seed(99);
        var expected = torch.randn([50]);
        torch.manual_seed(99);
        _ = torch.randn([1000], g);
        Assert.True(expected.equal(torch.randn([50])));
    }

    [Fact]
    public void Reseeding_and_restoring_the_state_of_a_generator_repeat_its_draws()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(11);
        Assert.Equal(11UL, g.initial_seed());
        var first = torch.randn([64], g);
        g.manual_seed(11);
        Assert.True(first.equal(torch.randn([64], g)), "manual_seed restarts the stream");

        var state = g.get_state();
        var next = torch.randn([64], g);
        Assert.False(next.equal(first));
        g.set_state(state);
        Assert.True(next.equal(torch.randn([64], g)), "set_state rewinds to the saved point");
    }

    [Fact]
    public void Samples_have_the_distribution_each_factory_promises()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(2024);
        const int n = 20_000;
        // Standard normal: the sample mean has sd 1/sqrt(n) ~ 0.007, the sample variance sd sqrt(2/n) ~ 0.01.
        var normal = torch.randn([n], g, ScalarType.Float64);
        Assert.InRange(normal.mean().item<double>(), -0.04, 0.04);
        Assert.InRange(normal.var().item<double>(), 0.95, 1.05);
        // Uniform [0, 1): mean 1/2, variance 1/12.
        var uniform = torch.rand([n], g, ScalarType.Float64);
        Assert.InRange(uniform.min().item<double>(), 0.0, 0.01);
        Assert.InRange(uniform.max().item<double>(), 0.99, 1.0 - 1e-12);
        Assert.InRange(uniform.mean().item<double>(), 0.49, 0.51);
        Assert.InRange(uniform.var().item<double>(), 1.0 / 12 - 0.003, 1.0 / 12 + 0.003);
        // randint(3, 7): every value in 3..6 appears, nothing outside.
        var ints = torch.randint(3, 7, [1000], g).ToArray<long>();
        Assert.Equal(new long[] { 3, 4, 5, 6 }, ints.Distinct().Order().ToArray());
        // randperm(50) is a permutation of 0..49.
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), torch.randperm(50, g).ToArray<long>().Order());
    }

    [Fact]
    public void Dropout_with_a_generator_repeats_its_mask_and_scales_what_it_keeps()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([1000], ScalarType.Float64);
        using var g1 = new Generator(3);
        using var g2 = new Generator(3);
        var a = F.dropout(x, 0.25, generator: g1);
        var b = F.dropout(x, 0.25, generator: g2);
        Assert.True(a.equal(b));
        // Kept entries are scaled by 1 / (1 - p) = 4/3, dropped ones are zero.
        var values = a.ToArray<double>();
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - 4.0 / 3) < 1e-15, $"unexpected value {v}"));
        var dropped = values.Count(v => v == 0);
        Assert.InRange(dropped, 200, 300); // 250 expected, sd ~ 14
        TorchAssert.Close(TorchAssert.Values(x), F.dropout(x, 0.25, training: false, generator: g1));
    }
}
