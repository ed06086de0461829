using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests.Plugins;

/// <summary>A scope builds each axis value once, builds what a composite references, and disposes every disposable plugin it built.</summary>
public sealed class PluginScopeTests
{
    /// <summary>A loss that records its life in a shared journal.</summary>
    public sealed class JournalLoss(JournalOptions options) : ILoss, IDisposable
    {
        public Tensor Compute(LossInput input) => input.Logits.sum();

        public void Dispose() => options.Journal!.Add("disposed " + options.Name);
    }

    public sealed record JournalOptions
    {
        public string Name { get; init; } = "";
        public List<string>? Journal { get; init; }
    }

    /// <summary>A loss made of another, built through the scope's factory.</summary>
    public sealed class PairLoss(PairOptions options, IPluginFactory plugins) : ILoss
    {
        public ILoss Inner { get; } = plugins.Create(options.Inner!);

        public Tensor Compute(LossInput input) => Inner.Compute(input);
    }

    public sealed record PairOptions
    {
        public PluginReference<ILoss>? Inner { get; init; }
    }

    private static PluginFolder Folder => new("/test", PluginOrigin.CommandLine);

    private static PluginDescriptor Descriptor(string name, Type type, Type options) =>
        new(name, PluginKind.Loss, "", type, options, Folder, "1", "hash-" + name);

    private static AxisValue Value(PluginDescriptor plugin, object options) =>
        new(plugin, ConfigMapping.Empty, options, plugin.Name, "losses[0]", null);

    private static PluginCatalog EmptyCatalog(IServiceProvider services) => PluginCatalog.Discover(new PluginSearchPath(null, null, null, []), services);

    [Fact]
    public void Each_value_is_built_once_and_every_disposable_plugin_is_disposed_last_built_first()
    {
        var journal = new List<string>();
        using var services = new ServiceCollection().BuildServiceProvider();
        var a = Value(Descriptor("journal", typeof(JournalLoss), typeof(JournalOptions)), new JournalOptions { Name = "a", Journal = journal });
        var b = Value(Descriptor("journal", typeof(JournalLoss), typeof(JournalOptions)), new JournalOptions { Name = "b", Journal = journal });

        var scope = new PluginScope(EmptyCatalog(services), services);
        var first = scope.Get<ILoss>(a);
        Assert.Same(first, scope.Get<ILoss>(a));
        Assert.NotSame(first, scope.Get<ILoss>(b));
        Assert.Equal(2, scope.BuiltCount);
        Assert.Empty(journal);
        scope.Dispose();
        Assert.Equal(["disposed b", "disposed a"], journal);
        Assert.Throws<ObjectDisposedException>(() => scope.Get<ILoss>(a));
    }

    [Fact]
    public void A_constructor_that_throws_names_the_plugin()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var scope = new PluginScope(EmptyCatalog(services), services);
        // PairLoss dereferences a reference that was never bound.
        var error = Assert.Throws<PluginConstructionException>(() => scope.Get<ILoss>(Value(Descriptor("pair", typeof(PairLoss), typeof(PairOptions)), new PairOptions())));
        Assert.StartsWith("the loss 'pair' could not be built: ", error.Message);
    }

    [Fact]
    public void What_a_composite_references_is_built_in_the_scope_and_released_with_it()
    {
        // Through the real catalog: a combo of the built-in focal and dice, bound from YAML.
        var benchmark = BenchmarkLoader.Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [{ combo: { terms: [ { focal: {} }, { dice: {} } ] } }]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var scope = BuiltInCatalog.Runtime.OpenScope();
        scope.Get<ILoss>(benchmark.Losses[0]);
        Assert.Equal(3, scope.BuiltCount); // the combination and its two terms
        scope.Dispose();
        Assert.Equal(0, scope.BuiltCount);
    }
}
