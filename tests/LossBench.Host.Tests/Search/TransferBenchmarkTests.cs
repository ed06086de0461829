using LossBench.Host.Config;
using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

public sealed class TransferBenchmarkTests
{
    [Fact]
    public void The_copy_keeps_the_benchmark_and_appends_the_formulas_to_its_losses()
    {
        const string benchmark = """
            name: big
            datasets:
              - mnist-10k: { train: 500, test: 100 }
            models: [mlp]
            # the losses to compare
            losses:
              - cross-entropy
              - focal: { gamma: 2 }

            augmentations: [none, mixup]
            training:
              epochs: 1
            """;
        var copy = TransferBenchmark.Rewrite(benchmark, "big.yaml", ["neg((y * log(p)))", "safe_div(softplus(y), p)"]);
        var definition = BenchmarkLoader.Parse(copy, "big-transfer.yaml", BuiltInCatalog.Catalog);
        Assert.Equal("big-transfer", definition.Name);
        Assert.Equal(["cross-entropy", "focal(gamma=2)", "expr(formula=neg((y * log(p))))", "expr(formula=safe_div(softplus(y), p))"],
            definition.Losses.Select(l => l.Label.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal)));
        Assert.Equal(["none", "mixup"], definition.Augmentations.Select(a => a.Label));
        Assert.Equal(1, definition.Training.Epochs);
        Assert.Contains("# the losses to compare", copy);
    }

    [Fact]
    public void A_flow_list_of_losses_and_a_missing_name_are_handled()
    {
        const string benchmark = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [cross-entropy, bce]\n";
        var copy = TransferBenchmark.Rewrite(benchmark, "/tmp/nightly.yaml", ["(y / p)"]);
        var definition = BenchmarkLoader.Parse(copy, "nightly-transfer.yaml", BuiltInCatalog.Catalog);
        Assert.Equal("nightly-transfer", definition.Name);
        Assert.Equal(3, definition.Losses.Count);
        Assert.Equal("expr", definition.Losses[2].Name);
    }

    [Theory]
    [InlineData("search.yaml", "search-transfer-small.yaml")]
    [InlineData("search-full.yaml", "search-transfer-cifar10.yaml")]
    public void The_shipped_transfer_files_train_each_winner_under_each_augmentation_of_their_search(string search, string transfer)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LossBench.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var benchmarks = Path.Combine(directory.FullName, "benchmarks");
        var options = SearchConfigLoader.Load(Path.Combine(benchmarks, search));
        var file = Path.Combine(benchmarks, transfer);
        var copy = TransferBenchmark.Rewrite(File.ReadAllText(file), file, ["neg((y * log(p)))"]);
        var definition = BenchmarkLoader.Parse(copy, file, BuiltInCatalog.Catalog);
        Assert.Equal(options.Surrogate.Augmentations.Select(SearchEntries.Label), definition.Augmentations.Select(a => a.Label));
        Assert.Equal(["cross-entropy", "expr"], definition.Losses.Select(l => l.Name));
        if (transfer.Contains("cifar10", StringComparison.Ordinal))
        {
            Assert.Equal("cuda", definition.Device);
            Assert.Equal("wide-resnet(depth=28,widen-factor=10,dropout=0.3)", definition.Models.Single().Label);
            Assert.Equal("cifar10", definition.Datasets.Single().Name);
        }
    }
}
