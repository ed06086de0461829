using LossBench.Host.Config;
using LossBench.Host.Evaluation;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.PluginSupport.Datasets;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Host.Tests.Datasets;

/// <summary>The file-backed and generated data sets are found like any plugin and plan without their files; corruption split names are checked when the benchmark is read.</summary>
public sealed class DataSetPluginsTests
{
    [Theory]
    [InlineData("idx")]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("synthetic")]
    public void The_host_discovers_the_data_set(string name) =>
        Assert.Contains(BuiltInCatalog.Catalog.Plugins, p => p.Kind == PluginKind.Dataset && p.Name == name);

    [Fact]
    public void A_benchmark_evaluating_a_corrupted_split_of_each_data_set_plans()
    {
        const string yaml = """
            seeds: [0]
            datasets: [synthetic, { idx: { dir: data/fashion, train: 1000 } }, { cifar100: { labels: coarse } }]
            models: [mlp]
            losses: [cross-entropy]
            evaluations: [clean: { split: "corrupt:gaussian-noise@3" }]
            """;
        var benchmark = BenchmarkLoader.Parse(yaml, "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var plan = MatrixExpander.Expand(benchmark, "cpu", _ => LossTraits.Default, _ => AugmentationTraits.Default);
        Assert.Equal(3, plan.Cells.Count);
        Assert.Equal(["synthetic", "idx", "cifar100"], plan.Cells.Select(c => c.Dataset.Name));
        var evaluation = Assert.Single(benchmark.Evaluations);
        Assert.Equal("clean", evaluation.Name);
        Assert.Contains("corrupt:gaussian-noise@3", evaluation.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_corruption_split_stops_the_benchmark_when_it_is_read()
    {
        const string yaml = """
            seeds: [0]
            datasets: [synthetic]
            models: [mlp]
            losses: [cross-entropy]
            evaluations: [pgd: { split: "corrupt:gausian-noise@3" }]
            """;
        var error = Assert.ThrowsAny<Exception>(() => BenchmarkLoader.Parse(yaml, "/b/benchmarks.yaml", BuiltInCatalog.Catalog));
        Assert.Contains("pgd.split", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown corruption kind 'gausian-noise' (did you mean 'gaussian-noise'?)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The built-in data sets take their split and randomness from their options, never from the
    /// cell's seed, so one load serves all the seeds of a benchmark (DatasetCache): the default
    /// benchmark reads and splits the embedded digits once, not once per seed.
    /// </summary>
    [Theory]
    [InlineData("mnist-10k")]
    [InlineData("synthetic: { train: 20, test: 10, size: 8 }")]
    [InlineData("shortcut: { rho: 0.9 }")]
    public void A_built_in_data_set_never_reads_the_cells_seed(string dataset)
    {
        var benchmark = BenchmarkLoader.Parse($"seeds: [3]\ndatasets: [{dataset}]\nmodels: [mlp]\nlosses: [cross-entropy]\n",
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cell = Assert.Single(MatrixExpander.Expand(benchmark, "cpu", _ => LossTraits.Default, _ => AugmentationTraits.Default).Cells);
        using var plugins = BuiltInCatalog.Runtime.OpenScope();
        var context = new DataContext(cell.Seed, "/b");
        using var data = plugins.Get<IDataset>(cell.Dataset).Load(context);
        Assert.True(data.Train.Count > 0);
        Assert.False(context.SeedWasRead);
        _ = context.Seed;
        Assert.True(context.SeedWasRead);
    }

    [Fact]
    public void The_host_gives_an_evaluation_the_corrupted_test_split_made_by_its_corruptor()
    {
        const string yaml = """
            seeds: [0]
            datasets: [synthetic: { train: 20, test: 30, size: 8, classes: 3 }]
            models: [mlp]
            losses: [cross-entropy]
            evaluations: [clean: { split: "corrupt:gaussian-noise@3" }, clean: { split: "corrupt:blur@5" }]
            """;
        var benchmark = BenchmarkLoader.Parse(yaml, "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var cell = Assert.Single(MatrixExpander.Expand(benchmark, "cpu", _ => LossTraits.Default, _ => AugmentationTraits.Default).Cells);
        using var plugins = BuiltInCatalog.Runtime.OpenScope();
        // Loaded as the plugin loads it: the data set plugin gives its splits no corruptor.
        using var data = plugins.Get<IDataset>(cell.Dataset).Load(new DataContext(0, "/b"));
        Assert.Throws<InvalidOperationException>(() => data.Resolve("corrupt:gaussian-noise@3", "test"));
        using var model = plugins.Get<IModel>(cell.Model).Create(new ModelShape(1, 8, 8, 3));

        var evaluator = new CellEvaluator(benchmark.Training, Device.CPU);
        foreach (var evaluation in benchmark.Evaluations)
        {
            var record = evaluator.Evaluate(plugins, evaluation, cell, model, data);
            Assert.Contains("accuracy", record.Metrics.Keys);
        }
        // The splits the evaluations saw are the host corruptor's, seeded by the split's name.
        var noisy = data.Resolve("corrupt:gaussian-noise@3", "test");
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Corruptions.SeedOf(new CorruptionSplit(CorruptionKind.GaussianNoise, 3)));
        Assert.True(Corruptions.Apply(data.Test.Images, CorruptionKind.GaussianNoise, 3, generator).equal(noisy.Images));
        Assert.False(noisy.Images.equal(data.Resolve("corrupt:blur@5", "test").Images));
    }
}
