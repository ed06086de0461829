using LossBench.Host.Config;
using static LossBench.Host.Tests.Config.ConfigText;

namespace LossBench.Host.Tests.Config;

/// <summary>Everything but the axes: top-level settings, training, report, include/exclude, files.</summary>
public sealed class BenchmarkSettingsTests
{
    private const string File = ConfigText.File;

    /// <summary>
    /// Each text goes after <see cref="ConfigText.Minimal"/>, so it starts on line 4; the column is
    /// counted in the text (the comment gives the prefix before the value).
    /// </summary>
    [Theory]
    // "seeds: [1, 2, " is 14 characters
    [InlineData("seeds: [1, 2, 1]\n", 4, 15, "seeds[2]", "the seed 1 is listed twice (also seeds[0]); each seed is one replicate")]
    // "seeds: ["
    [InlineData("seeds: [-1]\n", 4, 9, "seeds[0]", "expected a non-negative integer, got '-1'")]
    [InlineData("seeds: '3'\n", 4, 8, "seeds", "expected a non-negative integer, got '3'")]
    [InlineData("seeds: []\n", 4, 8, "seeds", "the list is empty: give at least one seed")]
    // "device: "
    [InlineData("device: gpu\n", 4, 9, "device", "expected auto, cpu, cuda or cuda:N, got 'gpu'")]
    // "threads: "
    [InlineData("threads: 0\n", 4, 10, "threads", "expected auto or an integer of at least 1, got '0'")]
    // "name: "
    [InlineData("name: a/b\n", 4, 7, "name", "'a/b' cannot name a results folder: use letters, digits, '.', '_' and '-'")]
    [InlineData("name: ..\n", 4, 7, "name", "'..' cannot name a results folder: use letters, digits, '.', '_' and '-'")]
    [InlineData("name: [a]\n", 4, 7, "name", "expected a string, got a list of 1")]
    // "lossses: " (an unknown key is reported at its value)
    [InlineData("lossses: [bce]\n", 4, 10, "lossses",
        "unknown top-level key 'lossses' (did you mean 'losses'?); known: name, seeds, device, threads, datasets, models, losses, augmentations, evaluations, training, report, include, exclude, slurm, portable, verify")]
    public void TopLevelSettingsErrorsNameTheValue(string extra, int line, int column, string path, string problem) =>
        Assert.Equal(problem, Fails(Minimal + extra).At(line, column, path));

    [Fact]
    public void ANameLongerThanAFolderNameCanBeIsRefusedAtLoadTime()
    {
        // 255 bytes is the longest file name ext4, XFS, NTFS and APFS take; the name is one folder of results/.
        Assert.Equal(new string('a', 255), Parse(Minimal + "name: " + new string('a', 255) + "\n").Name);
        Assert.Equal("'aaaaaaaaaaaaaaaaaaaa...' is 300 characters long, and a results folder name can have at most 255: give a shorter name",
            Fails(Minimal + "name: " + new string('a', 300) + "\n").At(4, 7, "name"));
    }

    [Theory]
    // "training: { epoch: "
    [InlineData("training: { epoch: 2 }\n", 4, 20, "training.epoch",
        "unknown option 'epoch' (did you mean 'epochs'?); known options: batch-size, epochs, eval-batch-size, eval-every, max-eval-examples, optimizer, schedule, until, warmup-epochs")]
    // "training: { epochs: "
    [InlineData("training: { epochs: 0 }\n", 4, 21, "training.epochs", "the value must be between 1 and 100000.")]
    [InlineData("training: { epochs: two }\n", 4, 21, "training.epochs", "expected integer, got 'two'")]
    // "training: { epochs: 2, warmup-epochs: "
    [InlineData("training: { epochs: 2, warmup-epochs: 2 }\n", 4, 39, "training.warmup-epochs", "warmup-epochs (2) must be fewer than epochs (2)")]
    // "training: { schedule: "
    [InlineData("training: { schedule: cosin }\n", 4, 23, "training.schedule", "expected one of: constant, cosine, step, got 'cosin' (did you mean 'cosine'?)")]
    // "training: { optimizer: "
    [InlineData("training: { optimizer: sdg }\n", 4, 24, "training.optimizer", "unknown optimizer 'sdg' (did you mean 'sgd'?); the optimizers are sgd, adam and adamw")]
    [InlineData("training: { optimizer: { sgd: {}, adam: {} } }\n", 4, 24, "training.optimizer", "give one optimizer, got the keys sgd, adam")]
    [InlineData("training: { optimizer: [sgd] }\n", 4, 24, "training.optimizer", "expected sgd, adam or adamw, or `{ sgd: { lr: 0.05 } }`, got a list of 1")]
    // "training: { optimizer: { sgd: "
    [InlineData("training: { optimizer: { sgd: 0.1 } }\n", 4, 31, "training.optimizer.sgd", "the optimizer's options must be a mapping like { lr: 0.05 }, got '0.1'")]
    // "training: { optimizer: { sgd: { nesterov: "
    [InlineData("training: { optimizer: { sgd: { nesterov: true, momentum: 0 } } }\n", 4, 43, "training.optimizer.sgd.nesterov", "nesterov needs momentum > 0")]
    // "training: { optimizer: { adam: { lr: "
    [InlineData("training: { optimizer: { adam: { lr: 0 } } }\n", 4, 38, "training.optimizer.adam.lr", "the value must be greater than 0")]
    // "training: { optimizer: { adam: { momentum: "
    [InlineData("training: { optimizer: { adam: { momentum: 0.9 } } }\n", 4, 44, "training.optimizer.adam.momentum",
        "unknown option 'momentum'; known options: beta1, beta2, eps, lr, weight-decay")]
    // "training: { until: "
    [InlineData("training: { until: 0.97 }\n", 4, 20, "training.until", "expected a mapping like { train-accuracy: 0.97 }, got '0.97'")]
    // "training: { until: { train-accuracy: "
    [InlineData("training: { until: { train-accuracy: 1.5 } }\n", 4, 38, "training.until.train-accuracy", "train-accuracy must be above 0 and at most 1")]
    [InlineData("training: { until: { train-accuracy: 0 } }\n", 4, 38, "training.until.train-accuracy", "train-accuracy must be above 0 and at most 1")]
    // "training: { until: { train-acuracy: "
    [InlineData("training: { until: { train-acuracy: 0.9 } }\n", 4, 37, "training.until.train-acuracy",
        "unknown option 'train-acuracy' (did you mean 'train-accuracy'?); known options: measure, train-accuracy")]
    // "training: { until: { train-accuracy: 0.9, measure: "
    [InlineData("training: { until: { train-accuracy: 0.9, measure: all } }\n", 4, 52, "training.until.measure", "expected one of: running, pass, got 'all'")]
    // "training: "
    [InlineData("training: 3\n", 4, 11, "training", "expected a mapping (epochs:, batch-size:, optimizer:, ...), got '3'")]
    public void TrainingErrorsNameThePath(string extra, int line, int column, string path, string problem) =>
        Assert.Equal(problem, Fails(Minimal + extra).At(line, column, path));

    [Fact]
    public void UntilNeedsItsTargetAndReadsTheMeasure()
    {
        // "training: { until: "
        Assert.Equal("give the target, e.g. until: { train-accuracy: 0.97 }", Fails(Minimal + "training: { until: {} }\n").At(4, 20, "training.until.train-accuracy"));
        Assert.Null(Parse(Minimal + "training: { epochs: 20 }\n").Training.Until);
        Assert.Equal(new TrainingUntil(0.97, UntilMeasure.Running), Parse(Minimal + "training: { epochs: 20, until: { train-accuracy: 0.97 } }\n").Training.Until);
        Assert.Equal(new TrainingUntil(0.5, UntilMeasure.Pass), Parse(Minimal + "training: { until: { train-accuracy: 0.5, measure: pass } }\n").Training.Until);
    }

    [Fact]
    public void TrainingResolvesWithDefaultsPerOptimizer()
    {
        var full = Parse(Minimal + "training:\n  epochs: 5\n  batch-size: 32\n  optimizer: { adamw: { lr: 0.01, weight-decay: 0.05 } }\n" +
                         "  schedule: step\n  warmup-epochs: 1\n  eval-batch-size: 256\n  max-eval-examples: 1000\n");
        Assert.Equal(new TrainingSettings(5, 32, new OptimizerSettings(OptimizerKind.AdamW, 0.01, WeightDecay: 0.05), ScheduleKind.Step, 1, 256, 1000), full.Training);

        Assert.Equal(new OptimizerSettings(OptimizerKind.Adam, 1e-3), Parse(Minimal + "training: { optimizer: adam }\n").Training.Optimizer);
        Assert.Equal(OptimizerSettings.Default, Parse(Minimal + "training: { optimizer: { sgd: } }\n").Training.Optimizer);
        Assert.Equal(new OptimizerSettings(OptimizerKind.Sgd, 0.1, 0.0),
            Parse(Minimal + "training: { optimizer: { sgd: { lr: 0.1, momentum: 0 } } }\n").Training.Optimizer);
        Assert.Equal(TrainingSettings.Default with { Epochs = 2 }, Parse(Minimal + "training: { epochs: 2 }\n").Training);
    }

    [Theory]
    // "report: { baseline: "
    [InlineData("report: { baseline: cross-entropi }\n", 4, 21, "report.baseline", "'cross-entropi' is not one of the losses (did you mean 'cross-entropy'?); the losses are cross-entropy")]
    // "report: { digits: "
    [InlineData("report: { digits: 11 }\n", 4, 19, "report.digits", "expected an integer from 0 to 10, got '11'")]
    // "report: { baselin: " (an unknown key is reported at its value)
    [InlineData("report: { baselin: x }\n", 4, 20, "report.baselin", "unknown report key 'baselin' (did you mean 'baseline'?); known: baseline, tables, digits")]
    // "report: { tables: [ { metric: "
    [InlineData("report: { tables: [ { metric: clena.accuracy } ] }\n", 4, 31, "report.tables[0].metric",
        "no evaluation is labelled 'clena' (did you mean 'clean'?); the evaluations are clean, and train.loss and train.accuracy are always there")]
    [InlineData("report: { tables: [ { metric: train.acuracy } ] }\n", 4, 31, "report.tables[0].metric",
        "the training metrics are train.loss and train.accuracy, not 'train.acuracy' (did you mean 'accuracy'?)")]
    [InlineData("report: { tables: [ { metric: accuracy } ] }\n", 4, 31, "report.tables[0].metric",
        "'accuracy' is not <evaluation>.<metric> (e.g. clean.accuracy); the evaluations are clean, and train.loss and train.accuracy are always there")]
    [InlineData("report: { tables: [ { metric: clean. } ] }\n", 4, 31, "report.tables[0].metric",
        "'clean.' is not <evaluation>.<metric> (e.g. clean.accuracy); the evaluations are clean, and train.loss and train.accuracy are always there")]
    // "report: { tables: [ { metric: clean.accuracy, rows: "
    [InlineData("report: { tables: [ { metric: clean.accuracy, rows: los } ] }\n", 4, 53, "report.tables[0].rows",
        "unknown axis 'los' (did you mean 'loss'?); the axes are dataset, model, loss, augmentation")]
    // "report: { tables: [ { metric: clean.accuracy, columns: " (rows default to loss)
    [InlineData("report: { tables: [ { metric: clean.accuracy, columns: loss } ] }\n", 4, 56, "report.tables[0].columns",
        "rows and columns are both loss: give two different axes")]
    // "report: { tables: [ { metric: clean.accuracy, row: "
    [InlineData("report: { tables: [ { metric: clean.accuracy, row: model } ] }\n", 4, 52, "report.tables[0].row",
        "unknown table key 'row' (did you mean 'rows'?); known: metric, rows, columns")]
    // "report: { tables: [ " and "report: { tables: "
    [InlineData("report: { tables: [ { rows: model } ] }\n", 4, 21, "report.tables[0].metric", "missing: which metric, e.g. clean.accuracy")]
    [InlineData("report: { tables: clean.accuracy }\n", 4, 19, "report.tables", "expected a list of { metric, rows, columns }, got 'clean.accuracy'")]
    public void ReportErrorsNameThePathAndSuggest(string extra, int line, int column, string path, string problem) =>
        Assert.Equal(problem, Fails(Minimal + extra).At(line, column, path));

    [Fact]
    public void TheBaselineIsALabelOrTheNameOfOneValue()
    {
        const string Losses =
            "datasets: [mnist-10k]\nmodels: [mlp]\n" +
            "losses:\n" +                                        // 3
            "  - focal: { gamma: [1, 2] }\n" +                   // 4
            "  - cross-entropy: { label-smoothing: 0.1 }\n";     // 5

        Assert.Equal("focal(gamma=1)", Parse(Losses).Report.Baseline); // the first loss by default
        Assert.Equal("cross-entropy(label-smoothing=0.1)", Parse(Losses + "report: { baseline: cross-entropy }\n").Report.Baseline);
        Assert.Equal("focal(gamma=2)", Parse(Losses + "report: { baseline: focal(gamma=2) }\n").Report.Baseline);
        Assert.Null(Parse(Losses + "report: { baseline: ~ }\n").Report.Baseline);

        // Line 6: "report: { baseline: " is 20 characters.
        Assert.Equal("'focal' names 2 losses (focal(gamma=1), focal(gamma=2)); give one of these labels",
            Fails(Losses + "report: { baseline: focal }\n").At(6, 21, "report.baseline"));
        Assert.Equal("'focal(gamma=3)' is not one of the losses (did you mean 'focal(gamma=1)'?); the losses are focal(gamma=1), focal(gamma=2), cross-entropy(label-smoothing=0.1)",
            Fails(Losses + "report: { baseline: focal(gamma=3) }\n").At(6, 21, "report.baseline"));
    }

    [Fact]
    public void TablesNameMetricsByEvaluationLabel()
    {
        const string Swept = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [cross-entropy]\nevaluations:\n  - clean: { bins: [10, 20] }\n  - fgsm: { flag-tolerance: 0.5 }\n";

        // No tables given: the first clean evaluation's accuracy, by its label.
        Assert.Equal(new TableSpec("clean(bins=10).accuracy", Axis.Loss, Axis.Augmentation), Assert.Single(Parse(Swept).Report.Tables));

        // The prefix ends at the first dot outside the label's parentheses; the metric's own name may hold dots.
        var report = Parse(Swept + "report:\n  digits: 0\n  tables:\n    - { metric: fgsm(flag-tolerance=0.5).accuracy@eps=0.1, rows: dataset, columns: model }\n" +
                           "    - { metric: clean(bins=20).ece }\n    - { metric: train.loss }\n").Report;
        Assert.Equal([new TableSpec("fgsm(flag-tolerance=0.5).accuracy@eps=0.1", Axis.Dataset, Axis.Model), new TableSpec("clean(bins=20).ece", Axis.Loss, Axis.Augmentation),
            new TableSpec("train.loss", Axis.Loss, Axis.Augmentation)], report.Tables);
        Assert.Equal(0, report.Digits);
        Assert.Empty(Parse(Swept + "report: { tables: [] }\n").Report.Tables);

        // The plugin's name where its labels are needed: line 8, "  tables: [ { metric: " is 22 characters.
        Assert.Equal("the clean evaluation has options, so its metrics are named by its label: clean(bins=10).ece, clean(bins=20).ece",
            Fails(Swept + "report:\n  tables: [ { metric: clean.ece } ]\n").At(8, 23, "report.tables[0].metric"));
    }

    [Theory]
    // clean declares accuracy, nll and ece (IDeclaresMetrics): a name it never reports is refused with the
    // name it begins, or the nearest one, as a suggestion. Line 4: "report: { tables: [ { metric: " is 30 characters.
    [InlineData("clean.acc", "the clean evaluation reports clean.accuracy, clean.nll, clean.ece, not 'clean.acc' (did you mean 'clean.accuracy'?)")]
    [InlineData("clean.accuracy@eps=0.1", "the clean evaluation reports clean.accuracy, clean.nll, clean.ece, not 'clean.accuracy@eps=0.1'")]
    [InlineData("clean.nnl", "the clean evaluation reports clean.accuracy, clean.nll, clean.ece, not 'clean.nnl' (did you mean 'clean.nll'?)")]
    public void AMetricTheEvaluationDoesNotReportIsRefusedWhenItDeclaresItsMetrics(string metric, string problem) =>
        Assert.Equal(problem, Fails(Minimal + $"report: {{ tables: [ {{ metric: {metric} }} ] }}\n").At(4, 31, "report.tables[0].metric"));

    [Fact]
    public void AnyMetricNameIsTakenOnTrustFromAnEvaluationThatDeclaresNone()
    {
        // fgsm's names depend on its budgets and flags and it declares none: what it reports is known only once it has run.
        var tables = Parse(Minimal + "evaluations: [fgsm]\nreport: { tables: [ { metric: fgsm.no-such-metric } ] }\n").Report.Tables;
        Assert.Equal("fgsm.no-such-metric", Assert.Single(tables).Metric);
    }

    [Fact]
    public void IncludeAndExcludeRulesNameLabelsOrPlugins()
    {
        var benchmark = Parse(
            "datasets: [mnist-10k]\n" +                           // 1
            "models: [mlp, cnn-small]\n" +                        // 2
            "losses:\n" +                                         // 3
            "  - cross-entropy\n" +                               // 4
            "  - focal: { gamma: [1, 2] }\n" +                    // 5
            "include:\n" +                                        // 6
            "  - { loss: [cross-entropy, \"focal(gamma=2)\"] }\n" + // 7
            "  - { model: cnn-small, loss: focal }\n" +           // 8
            "exclude:\n" +                                        // 9
            "  - { model: mlp, augmentation: none, dataset: mnist-10k, loss: focal(gamma=1) }\n"); // 10

        Assert.Equal(2, benchmark.Include.Count);
        Assert.Equal(("include[0]", new LossBench.Host.Options.SourceLocation(File, 7, 5)), (benchmark.Include[0].Path, benchmark.Include[0].Location));
        Assert.Equal(["cross-entropy", "focal(gamma=2)"], benchmark.Include[0].Conditions[Axis.Loss]);
        Assert.Equal([Axis.Model, Axis.Loss], benchmark.Include[1].Conditions.Keys);
        Assert.Equal(["focal"], benchmark.Include[1].Conditions[Axis.Loss]);
        var exclude = Assert.Single(benchmark.Exclude);
        Assert.Equal([Axis.Model, Axis.Augmentation, Axis.Dataset, Axis.Loss], exclude.Conditions.Keys);
        Assert.Equal(["focal(gamma=1)"], exclude.Conditions[Axis.Loss]);
    }

    [Theory]
    // "exclude: [ { loss: "
    [InlineData("exclude: [ { loss: focal } ]\n", 4, 20, "exclude[0].loss", "'focal' is not on the loss axis; it has cross-entropy")]
    // "exclude: [ { loss: [cross-entropy, "
    [InlineData("exclude: [ { loss: [cross-entropy, cros-entropy] } ]\n", 4, 36, "exclude[0].loss[1]",
        "'cros-entropy' is not on the loss axis (did you mean 'cross-entropy'?); it has cross-entropy")]
    // "include: [ { losses: "
    [InlineData("include: [ { losses: cross-entropy } ]\n", 4, 22, "include[0].losses",
        "unknown axis 'losses' (did you mean 'loss'?); the axes are dataset, model, loss, augmentation")]
    // "include: [ { loss: "
    [InlineData("include: [ { loss: [] } ]\n", 4, 20, "include[0].loss", "the list is empty: a rule with no values matches nothing")]
    // "exclude: [ "
    [InlineData("exclude: [ mlp ]\n", 4, 12, "exclude[0]", "a rule is a mapping from axes (dataset, model, loss, augmentation) to values, e.g. { loss: focal, augmentation: none }")]
    // "exclude: "
    [InlineData("exclude: { loss: x }\n", 4, 10, "exclude", "expected a list of { axis: value } rules, got a mapping")]
    public void RulesNameValuesOnTheirAxis(string extra, int line, int column, string path, string problem) =>
        Assert.Equal(problem, Fails(Minimal + extra).At(line, column, path));

    [Fact]
    public void SettingsResolve()
    {
        var benchmark = Parse(Minimal + "name: study-2.a_b\nseeds: 7\ndevice: cuda:1\nthreads: 4\n");
        Assert.Equal(("study-2.a_b", "cuda:1", (int?)4), (benchmark.Name, benchmark.Device, benchmark.Threads));
        Assert.Equal([7UL], benchmark.Seeds);
        Assert.Equal([5UL, 0UL, 18446744073709551615UL], Parse(Minimal + "seeds: [5, 0, 18446744073709551615]\n").Seeds);
    }

    [Fact]
    public void LoadReadsAFileAndNamesTheBenchmarkAfterIt()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lossbench-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var good = Path.Combine(folder, "my-study.yaml");
            System.IO.File.WriteAllText(good, Minimal);
            var benchmark = BenchmarkLoader.Load(good, BuiltInCatalog.Catalog);
            Assert.Equal(("my-study", good), (benchmark.Name, benchmark.File));

            // A file name that cannot name a folder needs a name: the error points at the top of the file.
            var spaced = Path.Combine(folder, "my study.yaml");
            System.IO.File.WriteAllText(spaced, Minimal);
            var error = Assert.Throws<ConfigException>(() => BenchmarkLoader.Load(spaced, BuiltInCatalog.Catalog));
            Assert.Equal($"{spaced}:1:1: name: no name is given and the file name gives 'my study', which cannot name a results folder; add `name:` with letters, digits, '.', '_' and '-'", error.Message);

            var missing = Path.Combine(folder, "missing.yaml");
            Assert.StartsWith($"cannot read {missing}: ", Assert.Throws<ConfigException>(() => BenchmarkLoader.Load(missing, BuiltInCatalog.Catalog)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheRootMustBeAMapping()
    {
        Assert.Equal("a benchmark file is a mapping (name:, datasets:, models:, losses:, ...), got a list of 2", Fails("- a\n- b\n").At(1, 1, ""));
    }
}
