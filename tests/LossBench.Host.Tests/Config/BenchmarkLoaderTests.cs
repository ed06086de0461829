using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Sdk.Options;
using Microsoft.Extensions.DependencyInjection;
using static LossBench.Host.Tests.Config.ConfigText;

namespace LossBench.Host.Tests.Config;

/// <summary>The axes: plugins resolved, options bound, sweeps expanded and labelled, with errors at the entry.</summary>
public sealed class BenchmarkLoaderTests
{
    private const string File = ConfigText.File;

    private static SourceLocation At(int line, int column) => new(File, line, column);

    [Fact]
    public void TheDesignExampleResolvesEveryAxisSweepAndSetting()
    {
        // DESIGN.md section 6 with the plugins this build has (no flip-crop, fgsm or saliency).
        var benchmark = Parse(
            "name: default\n" +                                                                        //  1
            "seeds: [0, 1]\n" +                                                                        //  2
            "device: auto\n" +                                                                         //  3
            "threads: auto\n" +                                                                        //  4
            "datasets:\n" +                                                                            //  5
            "  - mnist-10k: { train: 8000, test: 2000 }\n" +                                           //  6
            "models: [cnn-small]\n" +                                                                  //  7
            "losses:\n" +                                                                              //  8
            "  - cross-entropy\n" +                                                                    //  9
            "  - bce\n" +                                                                              // 10
            "  - focal: { gamma: [1, 2] }\n" +                                                         // 11
            "  - dice\n" +                                                                             // 12
            "  - combo: { terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ] }\n" +            // 13
            "augmentations: [none]\n" +                                                                // 14
            "training:\n" +                                                                            // 15
            "  epochs: 3\n" +                                                                          // 16
            "  batch-size: 128\n" +                                                                    // 17
            "  optimizer: { sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weight-decay: 5.0e-4 } }\n" + // 18
            "  schedule: cosine\n" +                                                                   // 19
            "evaluations:\n" +                                                                         // 20
            "  - clean\n" +                                                                            // 21
            "  - clean: { bins: [10, 20] }\n" +                                                        // 22
            "report:\n" +                                                                              // 23
            "  baseline: cross-entropy\n" +                                                            // 24
            "  tables:\n" +                                                                            // 25
            "    - { metric: clean.accuracy, rows: loss, columns: augmentation }\n" +                  // 26
            "    - { metric: clean(bins=10).ece, rows: model, columns: loss }\n");                     // 27

        Assert.Equal(("default", File, "auto", (int?)null), (benchmark.Name, benchmark.File, benchmark.Device, benchmark.Threads));
        Assert.Equal([0UL, 1UL], benchmark.Seeds);

        var dataset = Assert.Single(benchmark.Datasets);
        Assert.Equal(("mnist-10k(train=8000,test=2000)", "datasets[0]", At(6, 5)), (dataset.Label, dataset.Path, dataset.Location));
        Assert.Equal(8000, Option(dataset.BoundOptions, "train"));
        Assert.Equal(["cnn-small"], benchmark.Models.Select(m => m.Label));

        Assert.Equal(
            [
                ("cross-entropy", "losses[0]"), ("bce", "losses[1]"), ("focal(gamma=1)", "losses[2]"), ("focal(gamma=2)", "losses[2]"), ("dice", "losses[3]"),
                ("combo(terms=[{bce: {}, weight: 1}, {dice: {}, weight: 1}])", "losses[4]"),
            ],
            benchmark.Losses.Select(l => (l.Label, l.Path)));
        var focal2 = benchmark.Losses[3];
        Assert.Equal(("focal", At(11, 5)), (focal2.Name, focal2.Location));
        Assert.Equal(2.0, Option(focal2.BoundOptions, "gamma"));
        Assert.Equal("2", ((ConfigScalar)Assert.Single(focal2.Options.Entries).Value).Text);
        Assert.Equal("Mean", Option(benchmark.Losses[1].BoundOptions, "reduction")?.ToString()); // bce written without options: its defaults
        Assert.Empty(benchmark.Losses[1].Options.Entries);
        Assert.Empty(benchmark.Losses[0].Options.Entries);

        Assert.Equal(["none"], benchmark.Augmentations.Select(a => a.Label));
        Assert.Equal(["clean", "clean(bins=10)", "clean(bins=20)"], benchmark.Evaluations.Select(e => e.Label));
        Assert.Equal(20, Option(benchmark.Evaluations[2].BoundOptions, "bins"));

        Assert.Equal(new TrainingSettings(3, 128, new OptimizerSettings(OptimizerKind.Sgd, 0.05, 0.9, true, 5e-4), ScheduleKind.Cosine, 0, 512, null), benchmark.Training);
        Assert.Equal("cross-entropy", benchmark.Report.Baseline);
        Assert.Equal(4, benchmark.Report.Digits);
        Assert.Equal([new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation), new TableSpec("clean(bins=10).ece", Axis.Model, Axis.Loss)], benchmark.Report.Tables);
        Assert.Empty(benchmark.Include);
        Assert.Empty(benchmark.Exclude);
    }

    [Fact]
    public void DefaultsFillWhatIsNotWritten()
    {
        var benchmark = Parse(Minimal);
        Assert.Equal("benchmarks", benchmark.Name); // the file name without .yaml
        Assert.Equal([0UL], benchmark.Seeds);
        Assert.Equal(("auto", (int?)null), (benchmark.Device, benchmark.Threads));
        var none = Assert.Single(benchmark.Augmentations);
        Assert.Equal(("none", "augmentations[0]"), (none.Label, none.Path));
        var clean = Assert.Single(benchmark.Evaluations);
        Assert.Equal(("clean", "evaluations[0]"), (clean.Label, clean.Path));
        Assert.Equal(15, Option(clean.BoundOptions, "bins")); // the plugin's own default
        Assert.Equal(TrainingSettings.Default, benchmark.Training);
        Assert.Null(benchmark.Report.Baseline); // one loss: nothing to compare against
        Assert.Equal(4, benchmark.Report.Digits);
        Assert.Equal(new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation), Assert.Single(benchmark.Report.Tables));
    }

    [Fact]
    public void EmptySectionsAndEmptyOptionsMeanDefaults()
    {
        var benchmark = Parse("datasets: mnist-10k\nmodels: { mlp: {} }\nlosses:\n  - focal:\n  - dice: {}\ntraining:\nreport:\ninclude:\nexclude:\n");
        Assert.Equal(("mnist-10k", "datasets"), (benchmark.Datasets[0].Label, benchmark.Datasets[0].Path)); // a lone entry needs no list
        Assert.Equal(("mlp", "models"), (benchmark.Models[0].Label, benchmark.Models[0].Path));
        Assert.Equal(["focal", "dice"], benchmark.Losses.Select(l => l.Label));
        Assert.Equal(2.0, Option(benchmark.Losses[0].BoundOptions, "gamma"));
        Assert.Equal(TrainingSettings.Default, benchmark.Training);
        Assert.Equal("focal", benchmark.Report.Baseline); // two losses: the first is the baseline
        Assert.Empty(benchmark.Include);
    }

    [Fact]
    public void AScalarOptionGivenAListIsASweep()
    {
        var benchmark = Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy: { label-smoothing: [0, 0.1] }\n");
        Assert.Equal(["cross-entropy(label-smoothing=0)", "cross-entropy(label-smoothing=0.1)"], benchmark.Losses.Select(l => l.Label));
        Assert.Equal([0.0, 0.1], benchmark.Losses.Select(l => (double)Option(l.BoundOptions, "label-smoothing")!));
        Assert.All(benchmark.Losses, l => Assert.Equal(("losses[0]", At(4, 5)), (l.Path, l.Location)));
        Assert.Equal("0.1", ((ConfigScalar)benchmark.Losses[1].Options["label-smoothing"]!).Text);
    }

    [Fact]
    public void SeveralSweptOptionsGiveTheirProductFirstKeySlowest()
    {
        var product = Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - sce: { alpha: [0.1, 0.5], beta: [1, 2] }\n");
        Assert.Equal(["sce(alpha=0.1,beta=1)", "sce(alpha=0.1,beta=2)", "sce(alpha=0.5,beta=1)", "sce(alpha=0.5,beta=2)"], product.Losses.Select(l => l.Label));

        // An unswept option stays in every value, in the order written.
        var mixed = Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - sce: { beta: 2, alpha: [0.1, 0.5] }\n");
        Assert.Equal(["sce(beta=2,alpha=0.1)", "sce(beta=2,alpha=0.5)"], mixed.Losses.Select(l => l.Label));
        Assert.Equal([2.0, 2.0], mixed.Losses.Select(l => (double)Option(l.BoundOptions, "beta")!));
    }

    [Fact]
    public void AListOptionIsSweptOnlyByAListOfLists()
    {
        var benchmark = Parse(
            "datasets: [mnist-10k]\n" +
            "models:\n" +
            "  - mlp: { hidden: [[64], [32, 32]] }\n" +
            "  - mlp: { hidden: [16, 16] }\n" +
            "  - mlp: { hidden: [] }\n" +
            "losses: [cross-entropy]\n");
        Assert.Equal(["mlp(hidden=[64])", "mlp(hidden=[32, 32])", "mlp(hidden=[16, 16])", "mlp(hidden=[])"], benchmark.Models.Select(m => m.Label));
        Assert.Equal(["models[0]", "models[0]", "models[1]", "models[2]"], benchmark.Models.Select(m => m.Path));
        Assert.Equal([32, 32], (IEnumerable<int>)Option(benchmark.Models[1].BoundOptions, "hidden")!);

        // A list that is neither one value nor a list of them: line 3, "  - mlp: { hidden: [" puts the inner [64] at column 21.
        var mixed = Fails("datasets: [mnist-10k]\nmodels:\n  - mlp: { hidden: [[64], 32] }\nlosses: [cross-entropy]\n");
        Assert.Equal("expected integer, got a list of 1", mixed.At(3, 21, "models[0].mlp.hidden[0]"));
    }

    [Fact]
    public void AnOptionThePluginReadsItselfIsNeverSwept()
    {
        // combo's terms is a ConfigNode: its list is one value, however many entries it has.
        var benchmark = Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - combo: { terms: [ { bce: {} }, { dice: {} } ] }\n");
        Assert.Equal("combo(terms=[{bce: {}}, {dice: {}}])", Assert.Single(benchmark.Losses).Label);
    }

    [Fact]
    public void AnUnknownPluginSuggestsTheNearestName()
    {
        var error = Fails(
            "datasets: [mnist-10k]\n" +
            "models: [mlp]\n" +
            "losses:\n" +
            "  - cross-entropy\n" +
            "  - bce\n" +
            "  - dice\n" +
            "  - focall\n");       // line 7: the name at column 5
        var problem = error.At(7, 5, "losses[3]");
        Assert.StartsWith("no loss plugin is named 'focall' (did you mean 'focal'?); available: ", problem);
        Assert.Contains(", cross-entropy, ", problem);
        Assert.Contains(", focal, ", problem);

        // "models: [mlp, " is 14 characters: the typo starts at column 15.
        var model = Fails("datasets: [mnist-10k]\nmodels: [mlp, cnn-smal]\nlosses: [cross-entropy]\n");
        Assert.StartsWith("no model plugin is named 'cnn-smal' (did you mean 'cnn-small'?); available: cnn-small, mlp", model.At(2, 15, "models[1]"));
    }

    [Fact]
    public void APluginThatFailedToLoadIsNamedWithTheReason()
    {
        // Fixture.Broken's NoKind class says [Plugin("fixture-no-kind")] but implements no kind; "losses: [" is 9 characters.
        var error = Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [fixture-no-kind]\n");
        var problem = error.At(3, 10, "losses[0]");
        Assert.Contains("no loss plugin is named 'fixture-no-kind'", problem);
        Assert.Contains("a plugin of that name failed to load: ", problem);
        Assert.Contains("Fixture.Broken.NoKind: [Plugin(\"fixture-no-kind\")] implements none of", problem);
    }

    [Fact]
    public void APluginNameTwoFoldersGiveIsAConflictNamingBoth()
    {
        using var layout = new PluginLayout();
        var first = layout.Add("Fixture.PrivateDependency", "first-copy");
        var second = layout.Add("Fixture.PrivateDependency", "second-copy");
        var catalog = Catalog(layout.Root, Built("LossBench.Plugins.Datasets"), Built("LossBench.Plugins.Models"));

        var error = Assert.Throws<ConfigException>(() => BenchmarkLoader.Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [private-dependency]\n", File, catalog));
        var problem = error.At(3, 10, "losses[0]");
        Assert.StartsWith("two plugins are the loss 'private-dependency': in ", problem);
        Assert.Contains(first, problem);
        Assert.Contains(second, problem);
    }

    [Fact]
    public void ADefaultAxisWhosePluginIsMissingSaysItIsTheDefault()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.PrivateDependency");
        var catalog = Catalog(layout.Root, Built("LossBench.Plugins.Datasets"), Built("LossBench.Plugins.Models"));

        var error = Assert.Throws<ConfigException>(() => BenchmarkLoader.Parse("datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [private-dependency]\n", File, catalog));
        Assert.Equal("not given, so it defaults to [none], but no augmentation plugin is named 'none'; none is loaded", error.At(1, 1, "augmentations"));
    }

    [Fact]
    public void AWrongOptionNamesThePathAndLine()
    {
        // Line 5: "  - cross-entropy: { label-smoothing: " is 38 characters, "  - cross-entropy: { label-smothing: " 37.
        const string Head = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy\n";
        Assert.Equal("expected number, got 'high'",
            Fails(Head + "  - cross-entropy: { label-smoothing: high }\n").At(5, 39, "losses[1].cross-entropy.label-smoothing"));
        Assert.StartsWith("the value must be in [0, 1)",
            Fails(Head + "  - cross-entropy: { label-smoothing: 1 }\n").At(5, 39, "losses[1].cross-entropy.label-smoothing"));
        Assert.Equal("unknown option 'label-smothing' (did you mean 'label-smoothing'?); known options: label-smoothing",
            Fails(Head + "  - cross-entropy: { label-smothing: 0.1 }\n").At(5, 38, "losses[1].cross-entropy.label-smothing"));

        // A rule over two options points at their mapping: line 2, "  - mnist-10k: " puts '{' at column 16.
        var pair = Fails("datasets:\n  - mnist-10k: { train: 9000, test: 2000 }\nmodels: [mlp]\nlosses: [cross-entropy]\n");
        Assert.Contains("train (9000) + test (2000) = 11000 is more than", pair.At(2, 16, "datasets[0].mnist-10k"));

        // One element of a sweep: "  - focal: { gamma: [1, " is 24 characters.
        Assert.Equal("expected number, got 'x'",
            Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - focal: { gamma: [1, x] }\n").At(4, 25, "losses[0].focal.gamma"));
    }

    [Fact]
    public void AWrongOptionOfAComboTermNamesItsFullPathAndLine()
    {
        // Terms are plugin references bound when the benchmark is read: the error names the loss's position, the
        // term's and the option's. "  - combo: { terms: [ { focal: {} }, { dice: { smooth: " is 55 characters.
        const string Head = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy\n  - focal\n  - bce\n";
        Assert.StartsWith("the value must be",
            Fails(Head + "  - combo: { terms: [ { focal: {} }, { dice: { smooth: -1 } } ] }\n").At(7, 56, "losses[3].combo.terms[1].dice.smooth"));
        // Inside a sweep of that option, the element that is wrong.
        Assert.Equal("expected number, got 'x'",
            Fails(Head + "  - combo: { terms: [ { focal: {} }, { dice: { smooth: [1, x] } } ] }\n").At(7, 60, "losses[3].combo.terms[1].dice.smooth"));
    }

    [Fact]
    public void EntriesThatAreNotOnePluginSayWhatToWrite()
    {
        const string Head = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n";

        // Options indented like a sibling key: one mapping with two keys, at focal (line 4, column 5).
        Assert.Equal("an entry is one plugin, but this one has the keys focal, gamma: indent the options under the plugin's name (`- focal: { gamma: ... }`), or give each plugin its own entry",
            Fails(Head + "  - focal:\n    gamma: 2\n").At(4, 5, "losses[0]"));
        // Options that are not a mapping: the 2 after "  - focal: ", column 12.
        Assert.Equal("the options of 'focal' must be a mapping like { key: value }, got '2'",
            Fails(Head + "  - focal: 2\n").At(4, 12, "losses[0].focal"));
        // A list where a name belongs: "models: [" is 9 characters.
        Assert.Equal("expected a model name or `name: { options }`, got a list of 1",
            Fails("datasets: [mnist-10k]\nmodels: [[mlp]]\nlosses: [cross-entropy]\n").At(2, 10, "models[0]"));
        // A plugin with no options type given one: "  - none: { p: " is 15 characters.
        Assert.Equal("the augmentation 'none' takes no options",
            Fails(Minimal + "augmentations:\n  - none: { p: 1 }\n").At(5, 16, "augmentations[0].none.p"));
        // An empty sweep: the '[' after "  - focal: { gamma: ", column 21.
        Assert.Equal("the sweep over 'gamma' is empty: give at least one value",
            Fails(Head + "  - focal: { gamma: [] }\n").At(4, 21, "losses[0].focal.gamma"));
    }

    [Fact]
    public void RequiredAxesMustBeGivenAndNonEmpty()
    {
        Assert.Equal("missing: list the models to compare, e.g. `models: [cnn-small]`",
            Fails("datasets: [mnist-10k]\nlosses: [cross-entropy]\n").At(1, 1, "models"));
        // "models: " is 8 characters: '[' at column 9.
        Assert.Equal("the list is empty: give at least one model",
            Fails("datasets: [mnist-10k]\nmodels: []\nlosses: [cross-entropy]\n").At(2, 9, "models"));
        // An explicit empty list is not the default: "augmentations: " is 15 characters.
        Assert.Equal("the list is empty: give at least one augmentation",
            Fails(Minimal + "augmentations: []\n").At(4, 16, "augmentations"));
    }

    [Fact]
    public void TwoEntriesThatAreOneValueAreRefused()
    {
        // The same label: "models: [mlp, " is 14 characters.
        Assert.Equal("'mlp' is listed twice on models (also at models[0]); give each entry different options",
            Fails("datasets: [mnist-10k]\nmodels: [mlp, mlp]\nlosses: [cross-entropy]\n").At(2, 15, "models[1]"));

        // A sweep that repeats a value: at the entry, line 4 column 5.
        Assert.Equal("the sweep gives 'focal(gamma=1)' twice; list each value once",
            Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - focal: { gamma: [1, 1] }\n").At(4, 5, "losses[0]"));

        // Different labels, one configuration once the default label-smoothing 0 is applied: one cell id.
        Assert.Equal("'cross-entropy(label-smoothing=0)' is the same loss as 'cross-entropy' (losses[0]) once defaults are applied; list it once",
            Fails("datasets: [mnist-10k]\nmodels: [mlp]\nlosses:\n  - cross-entropy\n  - cross-entropy: { label-smoothing: 0 }\n").At(5, 5, "losses[1]"));
    }

    [Fact]
    public void LabelsAreWrittenAsTheOptionsWere()
    {
        var empty = new ConfigMapping([]);
        Assert.Equal("focal", BenchmarkLoader.Label("focal", empty));
        var options = new ConfigMapping(
        [
            new("gamma", new ConfigScalar("2.50")),
            new("alpha", new ConfigSequence([new ConfigScalar("0.25"), new ConfigScalar("1e-1")])),
            new("mode", new ConfigScalar("x y", IsQuoted: true)),
        ]);
        Assert.Equal("focal(gamma=2.50,alpha=[0.25, 1e-1],mode=x y)", BenchmarkLoader.Label("focal", options));
    }

    private static string Built(string folder) => Path.Combine(AppContext.BaseDirectory, "plugins", folder);

    private static PluginCatalog Catalog(params string[] directories)
    {
        // The host's own services: discovery builds each plugin once, and some take the host's factories.
        return PluginServices.Build(new PluginSearchPath(null, null, null, directories)).GetRequiredService<PluginCatalog>();
    }
}
