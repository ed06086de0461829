using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Host.Training;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Tests.Training;

/// <summary>Loaded data sets, bias models and teachers are shared by the cells that need them and freed once no remaining cell does.</summary>
public sealed class CellResourcesTests
{
    /// <summary>How a <see cref="CountingDataset"/> uses the seed it is given.</summary>
    public enum SeedUse { Reads, Ignores, ReadsFromACopy }

    /// <summary>A data set that counts its loads and hands out splits it can check for disposal.</summary>
    private sealed class CountingDataset(SeedUse use = SeedUse.Reads) : IDataset
    {
        public int Loads { get; private set; }
        public List<DataSplits> Given { get; } = [];
        public List<ulong> SeedsSeen { get; } = [];
        public DatasetInfo Info => new(1, 2, 2, 2);

        public DataSplits Load(DataContext context)
        {
            Loads++;
            // A data set built on another hands the context on; a copy of it must still count as the seed read.
            if (use == SeedUse.Reads) SeedsSeen.Add(context.Seed);
            if (use == SeedUse.ReadsFromACopy) SeedsSeen.Add((context with { BaseDirectory = "/elsewhere" }).Seed);
            var splits = new DataSplits(new TensorDataset(torch.zeros([2, 1, 2, 2]), torch.zeros([2], ScalarType.Int64)),
                new TensorDataset(torch.zeros([1, 1, 2, 2]), torch.zeros([1], ScalarType.Int64)));
            Given.Add(splits);
            return splits;
        }
    }

    /// <summary>
    /// A model plugin whose networks throw at a chosen forward call, as a layer that runs out of
    /// memory mid-training would. It keeps every network it builds, so a test can check the one
    /// being trained was freed although the code that trained it never handed it back.
    /// </summary>
    private sealed class FailingModel(IModel inner, int failingCall) : IModel
    {
        public List<Module<Tensor, Tensor>> Built { get; } = [];

        public Module<Tensor, Tensor> Create(ModelShape shape)
        {
            var model = new Failing(inner.Create(shape), failingCall);
            Built.Add(model);
            return model;
        }

        private sealed class Failing : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> _inner;
            private readonly int _failingCall;
            private int _calls;

            public Failing(Module<Tensor, Tensor> inner, int failingCall) : base("Failing")
            {
                _inner = register_module("inner", inner);
                _failingCall = failingCall;
            }

            public override Tensor forward(Tensor input) =>
                ++_calls == _failingCall ? throw new InvalidOperationException($"injected failure at forward call {_calls}") : _inner.forward(input);
        }
    }

    [Fact]
    public void Cells_share_loads_and_release_frees_what_is_left_behind()
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0, 1]\ndatasets: [{ synthetic: { size: 8 } }, { synthetic: { size: 9 } }]\nmodels: [mlp]\nlosses: [cross-entropy, focal]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cells = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells;
        Assert.Equal(8, cells.Count); // datasets x seeds x losses, losses fastest
        var plugin = new CountingDataset();
        using var cache = new DatasetCache("/b");
        var heldAfter = new List<int>();
        for (var i = 0; i < cells.Count; i++)
        {
            cache.Get(cells[i], plugin);
            cache.Release(cells.Skip(i + 1));
            heldAfter.Add(cache.Count);
        }
        // One load per (data set, seed); the two losses of a row share it; it is freed after the row's last cell.
        Assert.Equal(4, plugin.Loads);
        Assert.Equal([0UL, 1UL, 0UL, 1UL], plugin.SeedsSeen);
        Assert.Equal([1, 0, 1, 0, 1, 0, 1, 0], heldAfter);
        Assert.All(plugin.Given, splits => Assert.Throws<ObjectDisposedException>(() => splits.Resolve("corrupt:gaussian-noise@1", "test")));
    }

    [Theory]
    [InlineData(SeedUse.Ignores, 2, new[] { 1, 1, 1, 0, 1, 1, 1, 0 })]
    [InlineData(SeedUse.Reads, 4, new[] { 1, 0, 1, 0, 1, 0, 1, 0 })]
    [InlineData(SeedUse.ReadsFromACopy, 4, new[] { 1, 0, 1, 0, 1, 0, 1, 0 })]
    public void A_data_set_that_never_reads_its_seed_is_loaded_once_for_every_seed(SeedUse use, int loads, int[] held)
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0, 1]\ndatasets: [{ synthetic: { size: 8 } }, { synthetic: { size: 9 } }]\nmodels: [mlp]\nlosses: [cross-entropy, focal]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cells = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells;
        var plugin = new CountingDataset(use);
        using var cache = new DatasetCache("/b");
        var heldAfter = new List<int>();
        var served = new List<DataSplits>();
        for (var i = 0; i < cells.Count; i++)
        {
            served.Add(cache.Get(cells[i], plugin));
            cache.Release(cells.Skip(i + 1));
            heldAfter.Add(cache.Count);
        }
        // Ignoring the seed: both seeds of a data set get the very same splits, held until its last cell.
        Assert.Equal(loads, plugin.Loads);
        Assert.Equal(held, heldAfter);
        Assert.Equal(use == SeedUse.Ignores, ReferenceEquals(served[0], served[2]));
        Assert.All(plugin.Given, splits => Assert.Throws<ObjectDisposedException>(() => splits.Resolve("corrupt:gaussian-noise@1", "test")));
    }

    /// <summary>A data set whose load reads its file into a large buffer and drops it, as the IDX and CIFAR readers do.</summary>
    private sealed class BufferingDataset : IDataset
    {
        public WeakReference? Buffer { get; private set; }
        public DatasetInfo Info => new(1, 2, 2, 2);

        public DataSplits Load(DataContext context)
        {
            Buffer = ReadFile();
            return new DataSplits(new TensorDataset(torch.zeros([2, 1, 2, 2]), torch.zeros([2], ScalarType.Int64)),
                new TensorDataset(torch.zeros([1, 1, 2, 2]), torch.zeros([1], ScalarType.Int64)));
        }

        // Not inlined: nothing in Load's frame may keep the buffer reachable.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static WeakReference ReadFile()
        {
            var bytes = new byte[16 << 20];
            bytes[^1] = 1;
            return new WeakReference(bytes);
        }
    }

    [Fact]
    public void What_a_load_leaves_behind_is_collected_before_the_first_cell_trains()
    {
        // A 16 MB buffer lives on the large-object heap, which only a full collection frees; a run
        // allocates too little managed memory afterwards to cause one, so without the cache's own
        // collection the buffer stays resident through every cell of the data set.
        var benchmark = BenchmarkLoader.Parse("datasets: [{ synthetic: { size: 8 } }]\nmodels: [mlp]\nlosses: [cross-entropy]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cell = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells.Single();
        var plugin = new BufferingDataset();
        using var cache = new DatasetCache("/b");
        cache.Get(cell, plugin);
        Assert.NotNull(plugin.Buffer);
        Assert.False(plugin.Buffer.IsAlive, "the buffer the load dropped is still on the managed heap after DatasetCache.Get");
    }

    [Fact]
    public void A_bias_model_serves_its_data_set_and_seed_and_is_freed_after_their_last_cell()
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0, 1]\ndatasets: [{ synthetic: { size: 8 } }]\nmodels: [mlp]\nlosses: [cross-entropy, focal]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cells = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells;
        Assert.Equal(4, cells.Count); // seeds x losses, losses fastest
        using var scope = torch.NewDisposeScope();
        var data = new DataSplits(
            new TensorDataset(torch.zeros([4, 1, 2, 2]), torch.tensor(new long[] { 0, 1, 0, 1 }), torch.tensor(new long[] { 0, 0, 1, 1 })),
            new TensorDataset(torch.zeros([1, 1, 2, 2]), torch.zeros([1], ScalarType.Int64)));
        var request = new BiasModelRequest(BiasSource.Known);
        var shape = new ModelShape(1, 2, 2, 2);
        using var cache = new BiasModelCache();
        BiasProbabilities Get(Cell cell) => cache.Get(request, cell, data, null!, shape, benchmark.Training, Device.CPU, CancellationToken.None);
        Tensor Rows(BiasProbabilities bias) => bias.For(torch.zeros([1, 1, 2, 2]), torch.tensor(new long[] { 0 }));

        // Both losses of seed 0 train against one b; the first cell's release keeps it for the second.
        var first = Get(cells[0]);
        Assert.Same(first, Get(cells[1]));
        cache.Release(cells.Skip(1));
        Assert.False(Rows(first).IsDisposed);
        // After seed 0's last cell no remaining cell has its data set and seed: b is freed, and seed 1 gets its own.
        cache.Release(cells.Skip(2));
        Assert.Throws<ObjectDisposedException>(() => Rows(first));
        var second = Get(cells[2]);
        Assert.NotSame(first, second);
        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Rows(second));
    }

    [Fact]
    public void A_teacher_serves_its_row_and_is_freed_after_its_last_cell()
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0, 1]\ndatasets: [{ synthetic: { train: 20, test: 10, size: 8, classes: 3 } }]\nmodels: [{ mlp: { hidden: [4] } }]\n" +
            "losses: [cross-entropy, focal]\ntraining: { epochs: 1, batch-size: 10 }\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cells = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells;
        Assert.Equal(4, cells.Count); // seeds x losses, losses fastest
        var folder = Path.Combine(Path.GetTempPath(), "lossbench-teachers-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var plugins = BuiltInCatalog.Runtime.OpenScope();
            using var data = plugins.Get<IDataset>(cells[0].Dataset).Load(new DataContext(0, "/b"));
            var model = plugins.Get<IModel>(cells[0].Model);
            var shape = new ModelShape(1, 8, 8, 3);
            using var cache = new TeacherCache(BuiltInCatalog.Runtime, new ResultStore(folder), _ => { });
            Module<Tensor, Tensor> Get(Cell cell) => cache.Get(cell, data, plugins, model, shape, benchmark.Training, Device.CPU, CancellationToken.None);

            // Both losses of seed 0 share one teacher; it outlives the first cell's release and not the row's last.
            var first = Get(cells[0]);
            Assert.Same(first, Get(cells[1]));
            Assert.NotEmpty(first.parameters());
            cache.Release(cells.Skip(1));
            Assert.All(first.parameters(), p => Assert.False(p.IsDisposed));
            cache.Release(cells.Skip(2));
            Assert.All(first.parameters(), p => Assert.True(p.IsDisposed));
            var second = Get(cells[2]);
            Assert.NotSame(first, second);
            cache.Dispose();
            Assert.All(second.parameters(), p => Assert.True(p.IsDisposed));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_teacher_whose_training_throws_is_freed_and_not_kept()
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0]\ndatasets: [{ synthetic: { train: 20, test: 10, size: 8, classes: 3 } }]\nmodels: [{ mlp: { hidden: [4] } }]\n" +
            "losses: [focal]\ntraining: { epochs: 1, batch-size: 10 }\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cell = Assert.Single(MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells);
        var folder = Path.Combine(Path.GetTempPath(), "lossbench-teachers-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var plugins = BuiltInCatalog.Runtime.OpenScope();
            using var data = plugins.Get<IDataset>(cell.Dataset).Load(new DataContext(0, "/b"));
            // Two steps of 10 examples: the teacher fails in its second step, after one optimizer update.
            var model = new FailingModel(plugins.Get<IModel>(cell.Model), failingCall: 2);
            var shape = new ModelShape(1, 8, 8, 3);
            using var cache = new TeacherCache(BuiltInCatalog.Runtime, new ResultStore(folder), _ => { });
            Module<Tensor, Tensor> Get() => cache.Get(cell, data, plugins, model, shape, benchmark.Training, Device.CPU, CancellationToken.None);

            // The half-trained teacher is freed at once: no cache holds it, so nothing else would.
            FailsFreedAndUnkept(() => Get(), model);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_shallow_bias_model_whose_training_throws_is_freed_and_not_kept()
    {
        var benchmark = BenchmarkLoader.Parse(
            "seeds: [0]\ndatasets: [{ synthetic: { train: 20, test: 10, size: 8, classes: 3 } }]\nmodels: [{ mlp: { hidden: [4] } }]\n" +
            "losses: [cross-entropy]\ntraining: { epochs: 1, batch-size: 10 }\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cell = Assert.Single(MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells);
        using var plugins = BuiltInCatalog.Runtime.OpenScope();
        using var data = plugins.Get<IDataset>(cell.Dataset).Load(new DataContext(0, "/b"));
        // One epoch over all 20 training examples in steps of 10: the bias model fails in its second step.
        var request = new BiasModelRequest(BiasSource.Shallow, Examples: 20, Epochs: 1);
        var model = new FailingModel(plugins.Get<IModel>(cell.Model), failingCall: 2);
        var shape = new ModelShape(1, 8, 8, 3);
        using var cache = new BiasModelCache();
        BiasProbabilities Get() => cache.Get(request, cell, data, model, shape, benchmark.Training, Device.CPU, CancellationToken.None);

        // The half-trained bias model is freed at once: it never became a BiasProbabilities that the cache would free.
        FailsFreedAndUnkept(() => Get(), model);
    }

    /// <summary>
    /// <paramref name="get"/> fails with <paramref name="model"/>'s injected error, the network it was
    /// training is freed, and nothing is kept: the next call builds (and frees) a new one.
    /// </summary>
    private static void FailsFreedAndUnkept(Action get, FailingModel model)
    {
        var thrown = Assert.Throws<InvalidOperationException>(get);
        Assert.Equal("injected failure at forward call 2", thrown.Message);
        var failed = Assert.Single(model.Built);
        Assert.NotEmpty(failed.parameters());
        Assert.All(failed.parameters(), p => Assert.True(p.IsDisposed));
        Assert.Throws<InvalidOperationException>(get);
        Assert.Equal(2, model.Built.Count);
        Assert.All(model.Built[1].parameters(), p => Assert.True(p.IsDisposed));
    }
}
