using System.Text;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using LossBench.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests.Matrix;

/// <summary>
/// One identity per axis value (plugin, version, content hash, options after defaults): it alone
/// gives the cell id and every seed. Equivalent spellings (a default written out, another key
/// order, 1 or 1.0) are one value; a changed option or rebuilt plugin code is another.
/// (That equivalent spellings train to bit-identical weights and metrics: the end-to-end SpellingTests.)
/// </summary>
public sealed class IdentityTests
{
    private const string Base = "seeds: [3]\ndatasets: [{0}]\nmodels: [{1}]\nlosses: [{2}]\naugmentations: [{3}]\nevaluations: [{4}]\n";

    private static readonly string[] Defaults =
    [
        "mnist-10k: { train: 320, test: 200 }",
        "mlp: { hidden: [32] }",
        "cross-entropy: { label-smoothing: 0.1 }",
        "flip",
        "clean",
    ];

    /// <summary>For each axis, spellings that say the same thing as <see cref="Defaults"/>, and one that does not.</summary>
    public static TheoryData<int, string?, string, string> Spellings() => new()
    {
        { 0, null, "mnist-10k: { test: 200, train: 320, split-seed: 0 }", "mnist-10k: { train: 320, test: 200, split-seed: 1 }" },
        { 1, null, "mlp: { hidden: [ 32 ] }", "mlp: { hidden: [33] }" },
        { 1, "wide-resnet: { depth: 10 }", "wide-resnet: { dropout: 0.0, widen-factor: 1, depth: 10 }", "wide-resnet: { depth: 10, dropout: 0.3 }" },
        { 2, null, "cross-entropy: { label-smoothing: 1.0e-1 }", "cross-entropy: { label-smoothing: 0.2 }" },
        { 2, null, "cross-entropy: { label-smoothing: 0.10 }", "focal" },
        { 2, "focal: { gamma: 1 }", "focal: { alpha: [], gamma: 1.0 }", "focal" },
        { 3, null, "flip: { p: 0.5 }", "flip: { p: 1 }" },
        { 3, null, "flip: { p: 5.0e-1 }", "flip-crop" },
        { 4, null, "clean: { bins: 15, split: test }", "clean: { bins: 10 }" },
    };

    private static BenchmarkDefinition Benchmark(PluginCatalog catalog, string[] entries) =>
        BenchmarkLoader.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Base, entries.Cast<object>().ToArray()), "/b/benchmarks.yaml", catalog);

    private static Cell OnlyCell(BenchmarkDefinition benchmark) =>
        Assert.Single(MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells);

    /// <summary>Every seed a cell's run derives (initial weights, data order, augmentation, each evaluation, the shallow bias model).</summary>
    private static ulong[] Seeds(Cell cell, BenchmarkDefinition benchmark) =>
    [
        SeedDerivation.Init(cell.Seed, cell.SeedKeyOf(cell.Dataset), cell.SeedKeyOf(cell.Model)),
        SeedDerivation.DataOrder(cell.Seed, cell.SeedKeyOf(cell.Dataset)),
        SeedDerivation.Augmentation(cell.Seed, cell.SeedKeyOf(cell.Dataset), cell.SeedKeyOf(cell.Augmentation)),
        .. benchmark.Evaluations.Select(e => SeedDerivation.Evaluation(cell.Seed, cell.SeedKey, cell.SeedKeyOf(e))),
    ];

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Equivalent_spellings_are_one_identity_and_a_changed_option_is_another(int axis, string? written, string equivalent, string different)
    {
        var catalog = BuiltInCatalog.Catalog;
        var reference = Benchmark(catalog, Defaults.Select((d, i) => i == axis ? written ?? d : d).ToArray());
        var same = Benchmark(catalog, Defaults.Select((d, i) => i == axis ? equivalent : d).ToArray());
        var other = Benchmark(catalog, Defaults.Select((d, i) => i == axis ? different : d).ToArray());
        var (a, b, c) = (OnlyCell(reference), OnlyCell(same), OnlyCell(other));

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(CanonicalJson.Serialize(a.Config), CanonicalJson.Serialize(b.Config));
        Assert.Equal(Seeds(a, reference), Seeds(b, same));
        Assert.Equal(reference.Evaluations.Single().IdentityKey, same.Evaluations.Single().IdentityKey);

        if (axis == 4)
        {
            // An evaluation is not part of the cell: another one keeps the cell and gets its own seed and cache key.
            Assert.Equal(a.Id, c.Id);
            Assert.NotEqual(reference.Evaluations.Single().IdentityKey, other.Evaluations.Single().IdentityKey);
            Assert.NotEqual(Seeds(a, reference)[^1], Seeds(c, other)[^1]);
            return;
        }
        Assert.NotEqual(a.Id, c.Id);
        // The seeds that depend on the changed axis change; the loss feeds no seed but the cell id (and through it the evaluations').
        var (seedsA, seedsC) = (Seeds(a, reference), Seeds(c, other));
        switch (axis)
        {
            case 0: Assert.All(Enumerable.Range(0, seedsA.Length), i => Assert.NotEqual(seedsA[i], seedsC[i])); break;
            case 1: Assert.NotEqual(seedsA[0], seedsC[0]); Assert.Equal(seedsA[1], seedsC[1]); break;
            case 2: Assert.Equal(seedsA[..3], seedsC[..3]); Assert.NotEqual(seedsA[3], seedsC[3]); break;
            case 3: Assert.Equal(seedsA[..2], seedsC[..2]); Assert.NotEqual(seedsA[2], seedsC[2]); break;
        }
    }

    [Fact]
    public void The_label_as_written_feeds_no_seed()
    {
        // Two spellings with different labels (the options as written are in the label) but one identity.
        var reference = Benchmark(BuiltInCatalog.Catalog, Defaults);
        var spelled = Benchmark(BuiltInCatalog.Catalog, ["mnist-10k: { train: 320, test: 200, split-seed: 0 }", .. Defaults[1..]]);
        Assert.NotEqual(reference.Datasets[0].Label, spelled.Datasets[0].Label);
        Assert.Equal(Seeds(OnlyCell(reference), reference), Seeds(OnlyCell(spelled), spelled));
    }

    [Fact]
    public void Inside_a_combination_equivalent_terms_are_one_identity_and_a_sweep_expands()
    {
        var catalog = BuiltInCatalog.Catalog;
        string[] With(string loss) => [Defaults[0], Defaults[1], loss, "none", Defaults[4]];
        var plain = OnlyCell(Benchmark(catalog, With("combo: { terms: [ { focal: { gamma: 2 } }, { dice: {} } ] }")));
        var spelled = OnlyCell(Benchmark(catalog, With("combo: { terms: [ { weight: 1.0, focal: { gamma: 2.0, alpha: [] } }, { dice: {}, weight: 1 } ] }")));
        Assert.Equal(plain.Id, spelled.Id);

        var swept = Benchmark(catalog, With("combo: { terms: [ { focal: { gamma: [1, 2] } }, { dice: {} } ] }"));
        var cells = MatrixExpander.Expand(swept, "cpu", BuiltInCatalog.Runtime.Traits).Cells;
        Assert.Equal(2, cells.Count);
        Assert.Equal(plain.Id, cells[1].Id); // gamma 2 is the plain combination
        Assert.NotEqual(cells[0].Id, cells[1].Id);
        Assert.Equal(["combo(terms=[{focal: {gamma: 1}}, {dice: {}}])", "combo(terms=[{focal: {gamma: 2}}, {dice: {}}])"], swept.Losses.Select(l => l.Label));
    }

    [Fact]
    public void A_rebuilt_plugin_with_other_code_is_another_identity_with_other_seeds_except_in_a_same_numbers_check()
    {
        using var layout = new PluginLayout();
        var original = layout.Add("Fixture.Broken", "original");
        var rebuilt = layout.Add("Fixture.Broken", "rebuilt");
        // The rebuilt copy differs in one character of a plugin's summary (metadata it carries), nothing else.
        var dll = Path.Combine(rebuilt, "Fixture.Broken.dll");
        var bytes = File.ReadAllBytes(dll);
        var summary = Encoding.UTF8.GetBytes("test fixture: loads");
        var at = bytes.AsSpan().IndexOf(summary);
        Assert.True(at > 0, "the fixture's summary is in its assembly");
        bytes[at] = (byte)'T';
        File.WriteAllBytes(dll, bytes);

        PluginCatalog Catalog(string folder)
        {
            using var services = new ServiceCollection().BuildServiceProvider();
            return PluginCatalog.Discover(new PluginSearchPath(null, null, null,
                [.. Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "plugins"), "LossBench.Plugins.*"), folder]), services);
        }
        var (before, after) = (Catalog(original), Catalog(rebuilt));
        Assert.Equal(before.Find(PluginKind.Loss, "fixture-good").Version, after.Find(PluginKind.Loss, "fixture-good").Version);
        Assert.NotEqual(before.Find(PluginKind.Loss, "fixture-good").ContentHash, after.Find(PluginKind.Loss, "fixture-good").ContentHash);

        string[] entries = [Defaults[0], Defaults[1], "fixture-good: { weight: 2 }", "none", "clean"];
        var (first, second) = (Benchmark(before, entries), Benchmark(after, entries));
        var (a, b) = (OnlyCell(first), OnlyCell(second));
        // Another build is another identity: another cell (never reused) with other seeds.
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(Seeds(a, first)[^1], Seeds(b, second)[^1]);
        // The built-ins are the same build in both catalogs: their identities, and the seeds they feed, are unchanged.
        Assert.Equal(Seeds(a, first)[..3], Seeds(b, second)[..3]);
        // A changed option changes the seeds it feeds too.
        var reweighted = OnlyCell(Benchmark(after, [.. entries[..2], "fixture-good: { weight: 3 }", .. entries[3..]]));
        Assert.NotEqual(Seeds(b, second)[^1], Seeds(reweighted, second)[^1]);

        // In a same-numbers check (SeedBasis) the seeds leave the build out, so the two builds get the
        // same seeds; the cells still differ from each other and from the normal cells.
        var (checkFirst, checkSecond) = (first with { SeedsWithoutBuild = true }, second with { SeedsWithoutBuild = true });
        var (c, d) = (OnlyCell(checkFirst), OnlyCell(checkSecond));
        Assert.Equal(Seeds(c, checkFirst), Seeds(d, checkSecond));
        Assert.Equal(4, new[] { a.Id, b.Id, c.Id, d.Id }.Distinct().Count());
        var checkReweighted = OnlyCell(Benchmark(after, [.. entries[..2], "fixture-good: { weight: 3 }", .. entries[3..]]) with { SeedsWithoutBuild = true });
        Assert.NotEqual(Seeds(d, checkSecond)[^1], Seeds(checkReweighted, checkSecond)[^1]);
    }

    [Fact]
    public void Training_takes_its_seeds_from_the_identity_not_the_label()
    {
        var reference = Benchmark(BuiltInCatalog.Catalog, Defaults);
        var cell = OnlyCell(reference);
        var relabelled = cell with { Dataset = cell.Dataset with { Label = "another label" } };
        using var a = PairedStart.DataOrder(cell);
        using var b = PairedStart.DataOrder(relabelled);
        Assert.Equal(a.initial_seed(), b.initial_seed());
        Assert.Equal(SeedDerivation.DataOrder(cell.Seed, cell.Dataset.IdentityKey), a.initial_seed());
    }

    private static Cell CellWithTraining(string training) =>
        OnlyCell(BenchmarkLoader.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Base, Defaults.Cast<object>().ToArray()) + training,
            "/b/benchmarks.yaml", BuiltInCatalog.Catalog));

    [Fact]
    public void Until_enters_the_cell_identity_only_when_set()
    {
        var plain = CellWithTraining("training: { epochs: 4 }\n");
        // The training object every id was hashed from before until existed: these five keys, no more.
        Assert.Equal(["batch-size", "epochs", "optimizer", "schedule", "warmup-epochs"],
            plain.Config["training"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(CanonicalJson.Hash(plain.Config), plain.Id);

        var until = CellWithTraining("training: { epochs: 4, until: { train-accuracy: 0.9 } }\n");
        Assert.NotEqual(plain.Id, until.Id);
        var training = (System.Text.Json.Nodes.JsonObject)until.Config["training"]!.DeepClone();
        Assert.Equal("{\"measure\":\"running\",\"train-accuracy\":0.9}", CanonicalJson.Serialize(training["until"]!));
        training.Remove("until");
        Assert.Equal(CanonicalJson.Serialize(plain.Config["training"]!), CanonicalJson.Serialize(training));

        // The default measure written out is the same cell; another measure or target is another.
        Assert.Equal(until.Id, CellWithTraining("training: { epochs: 4, until: { measure: running, train-accuracy: 9.0e-1 } }\n").Id);
        Assert.NotEqual(until.Id, CellWithTraining("training: { epochs: 4, until: { train-accuracy: 0.9, measure: pass } }\n").Id);
        Assert.NotEqual(until.Id, CellWithTraining("training: { epochs: 4, until: { train-accuracy: 0.95 } }\n").Id);
    }
}
