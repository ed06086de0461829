using LossBench.Host.Config;

namespace LossBench.Host.Tests.Config;

public sealed class BenchmarkLoaderTests
{
    private const string File = "/bench/benchmarks.yaml";

    private static BenchmarkDefinition Parse(string yaml) => BenchmarkLoader.Parse(yaml, File, BuiltInCatalog.Catalog);

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    private const string Minimal = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [cross-entropy]\n";

    [Fact]
    public void AFullFileResolvesEveryAxisSweepAndSetting()
    {
        var benchmark = Parse("""
            name: study
            seeds: [3, 1]
            device: cpu
            threads: 2
            datasets:
              - mnist-10k: { train: 500, test: 100 }
            models: [mlp, cnn-small]
            losses:
              - cross-entropy
              - cross-entropy: { label-smoothing: [0.05, 0.1] }
            evaluations:
              - clean: { bins: 10 }
            training:
              epochs: 3
              batch-size: 64
              optimizer: { sgd: { lr: 0.1, momentum: 0.9, nesterov: true, weight-decay: 1.0e-4 } }
              schedule: cosine
              warmup-epochs: 1
            report:
              baseline: cross-entropy
              digits: 3
              tables:
                - { metric: clean(bins=10).ece, rows: model, columns: loss }
            exclude:
              - { model: cnn-small, loss: "cross-entropy(label-smoothing=0.05)" }
            """);

        Assert.Equal("study", benchmark.Name);
        Assert.Equal([3UL, 1UL], benchmark.Seeds);
        Assert.Equal(2, benchmark.Threads);
        Assert.Equal("mnist-10k(train=500,test=100)", Assert.Single(benchmark.Datasets).Label);
        Assert.Equal(["mlp", "cnn-small"], benchmark.Models.Select(m => m.Label));
        Assert.Equal(["cross-entropy", "cross-entropy(label-smoothing=0.05)", "cross-entropy(label-smoothing=0.1)"], benchmark.Losses.Select(l => l.Label));
        Assert.Equal("losses[1]", benchmark.Losses[2].Path);
        Assert.Equal(["none"], benchmark.Augmentations.Select(a => a.Label));
        Assert.Equal("clean(bins=10)", Assert.Single(benchmark.Evaluations).Label);
        Assert.Equal(new TrainingSettings(3, 64, new OptimizerSettings(OptimizerKind.Sgd, 0.1, 0.9, true, 1e-4), ScheduleKind.Cosine, 1, 512, null), benchmark.Training);
        Assert.Equal("cross-entropy", benchmark.Report.Baseline);
        Assert.Equal(3, benchmark.Report.Digits);
        Assert.Equal(new TableSpec("clean(bins=10).ece", Axis.Model, Axis.Loss), Assert.Single(benchmark.Report.Tables));
        var rule = Assert.Single(benchmark.Exclude);
        Assert.Equal(["cnn-small"], rule.Conditions[Axis.Model]);
    }

    [Fact]
    public void DefaultsFillWhatIsNotWritten()
    {
        var benchmark = Parse(Minimal);
        Assert.Equal("benchmarks", benchmark.Name);
        Assert.Equal([0UL], benchmark.Seeds);
        Assert.Equal("auto", benchmark.Device);
        Assert.Null(benchmark.Threads);
        Assert.Equal("none", Assert.Single(benchmark.Augmentations).Label);
        Assert.Equal("clean", Assert.Single(benchmark.Evaluations).Label);
        Assert.Equal(TrainingSettings.Default, benchmark.Training);
        Assert.Null(benchmark.Report.Baseline); // one loss: nothing to compare against
        Assert.Equal(new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation), Assert.Single(benchmark.Report.Tables));
    }

    [Fact]
    public void AListOptionIsSweptOnlyByAListOfLists()
    {
        var benchmark = Parse("datasets: [mnist-10k]\nmodels:\n  - mlp: { hidden: [[64], [32, 32]] }\n  - mlp: { hidden: [16, 16] }\nlosses: [cross-entropy]\n");
        Assert.Equal(["mlp(hidden=[64])", "mlp(hidden=[32, 32])", "mlp(hidden=[16, 16])"], benchmark.Models.Select(m => m.Label));
    }

    [Fact]
    public void MalformedYamlNamesLineAndColumn()
    {
        // Line 3 opens a flow sequence that line 4's mapping key cannot continue.
        var error = Fails("name: x\nseeds: [0]\nmodels: [mlp\nlosses: [cross-entropy]\n");
        Assert.Equal(File, error.Location!.File);
        Assert.InRange(error.Location.Line, 3, 4);
        Assert.StartsWith($"{File}:{error.Location.Line}:{error.Location.Column}: malformed YAML", error.Message);

        // An indented key under a scalar: the scanner stops at line 2, column 8 (after "  seeds").
        var indented = Fails("name: x\n  seeds: 1\n");
        Assert.Equal((2, 8), (indented.Location!.Line, indented.Location.Column));
    }

    [Fact]
    public void AnUnknownPluginSuggestsTheNearestName()
    {
        var error = Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy\n  - cross-entropi\n");
        Assert.Equal("losses[1]", error.ConfigPath);
        Assert.Equal((5, 5), (error.Location!.Line, error.Location.Column));
        Assert.Contains("no loss plugin is named 'cross-entropi' (did you mean 'cross-entropy'?)", error.Message);
    }

    [Fact]
    public void AWrongOptionTypeNamesThePathAndLine()
    {
        var error = Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy\n  - cross-entropy: { label-smoothing: high }\n");
        Assert.Equal("losses[1].cross-entropy.label-smoothing", error.ConfigPath);
        Assert.Equal(5, error.Location!.Line);
        Assert.Contains("expected number, got 'high'", error.Message);
    }

    [Theory]
    [InlineData("lossses: [cross-entropy]\n", "lossses", "unknown top-level key 'lossses' (did you mean 'losses'?)")]
    [InlineData("training: { epoch: 2 }\n", "training.epoch", "unknown option 'epoch' (did you mean 'epochs'?)")]
    [InlineData("training: { optimizer: sdg }\n", "training.optimizer", "unknown optimizer 'sdg' (did you mean 'sgd'?)")]
    [InlineData("training: { epochs: 2, warmup-epochs: 2 }\n", "training.warmup-epochs", "warmup-epochs (2) must be fewer than epochs (2)")]
    [InlineData("training: { optimizer: { sgd: { nesterov: true, momentum: 0 } } }\n", "training.optimizer.sgd.nesterov", "nesterov needs momentum > 0")]
    [InlineData("seeds: [1, 1]\n", "seeds[1]", "the seed 1 is listed twice")]
    [InlineData("device: gpu\n", "device", "expected auto, cpu, cuda or cuda:N")]
    [InlineData("report: { baseline: cross-entropi }\n", "report.baseline", "(did you mean 'cross-entropy'?)")]
    [InlineData("report: { tables: [ { metric: clena.accuracy } ] }\n", "report.tables[0].metric", "(did you mean 'clean'?)")]
    [InlineData("report: { tables: [ { metric: clean.accuracy, rows: los } ] }\n", "report.tables[0].rows", "unknown axis 'los' (did you mean 'loss'?)")]
    [InlineData("exclude: [ { loss: focal } ]\n", "exclude[0].loss", "'focal' is not on the loss axis")]
    [InlineData("name: a/b\n", "name", "cannot name a results folder")]
    public void SettingsErrorsNameThePathAndSuggest(string extra, string path, string message)
    {
        var error = Fails(Minimal + extra);
        Assert.Equal(path, error.ConfigPath);
        Assert.Contains(message, error.Message);
        Assert.NotNull(error.Location);
    }

    [Fact]
    public void DuplicateKeysTagsAndDuplicateEntriesAreRefused()
    {
        var duplicate = Fails(Minimal + "seeds: [0]\nseeds: [1]\n");
        Assert.Equal(5, duplicate.Location!.Line);
        Assert.Contains("the key 'seeds' appears twice (first at line 4)", duplicate.Message);

        var tag = Fails(Minimal + "name: !!python/object:os.system x\n");
        Assert.Contains("is not allowed", tag.Message);

        var twice = Fails("datasets: [mnist-10k]\nmodels: [mlp, mlp]\nlosses: [cross-entropy]\n");
        Assert.Equal("models[1]", twice.ConfigPath);
        Assert.Contains("'mlp' is listed twice", twice.Message);
    }

    [Fact]
    public void AMissingAxisSaysWhatToWrite()
    {
        var error = Fails("datasets: [mnist-10k]\nlosses: [cross-entropy]\n");
        Assert.Equal("models", error.ConfigPath);
        Assert.Contains("missing", error.Message);
    }
}
