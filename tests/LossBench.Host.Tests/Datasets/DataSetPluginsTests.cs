using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;

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
}
