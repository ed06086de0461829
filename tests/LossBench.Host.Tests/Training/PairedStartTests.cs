using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Tests.Training;

/// <summary>
/// Paired seeds: for one seed, every loss of a row starts from bit-identical initial weights and sees
/// the same data order; another seed gives other weights and another order. Built with the host's own
/// pieces (the matrix expansion and <see cref="LossBench.Host.Training.PairedStart"/>).
/// </summary>
[Collection(PairedStartCollection.Name)]
public sealed class PairedStartTests
{
    private const string Yaml = """
        name: paired
        seeds: [0, 1]
        device: cpu
        datasets: [{ mnist-10k: { train: 320, test: 200 } }]
        models: [{ mlp: { hidden: [16] } }]
        losses: [cross-entropy, { cross-entropy: { label-smoothing: 0.1 } }, gce]
        augmentations: [none]
        evaluations: [clean]
        """;

    private static Cell[] Cells()
    {
        var benchmark = BenchmarkLoader.Parse(Yaml, "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        return [.. MatrixExpander.Expand(benchmark, "cpu", _ => LossBench.Sdk.Losses.LossTraits.Default, _ => LossBench.Sdk.Augmentations.AugmentationTraits.Default).Cells];
    }

    /// <summary>The initial weights of a cell, as raw float bits per state-dict entry.</summary>
    private static Dictionary<string, int[]> InitialWeights(Cell cell)
    {
        using var scope = torch.NewDisposeScope();
        using var plugins = BuiltInCatalog.Runtime.OpenScope();
        var plugin = plugins.Get<IModel>(cell.Model);
        using var model = LossBench.Host.Training.PairedStart.Model(cell, plugin, new ModelShape(1, 28, 28, 10), Device.CPU);
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.contiguous().ToArray<float>().Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    private static long[] FirstEpochOrder(Cell cell)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = LossBench.Host.Training.PairedStart.DataOrder(cell);
        return torch.randperm(320, generator).ToArray<long>();
    }

    [Fact]
    public void LossesOfOneSeedStartAlikeAndAnotherSeedStartsElsewhere()
    {
        var cells = Cells();
        Assert.Equal(6, cells.Length);
        var seed0 = cells.Where(c => c.Seed == 0).ToArray();
        var seed1 = cells.Where(c => c.Seed == 1).ToArray();
        Assert.Equal(3, seed0.Select(c => c.Loss.Label).Distinct().Count());
        Assert.Equal(3, seed0.Select(c => c.Id).Distinct().Count());

        var reference = InitialWeights(seed0[0]);
        Assert.NotEmpty(reference);
        Assert.Contains(reference.Values, bits => bits.Distinct().Count() > 1); // random, not a constant fill
        var order = FirstEpochOrder(seed0[0]);
        Assert.Equal(Enumerable.Range(0, 320).Select(i => (long)i), order.Order()); // a permutation
        Assert.NotEqual(Enumerable.Range(0, 320).Select(i => (long)i), order);
        foreach (var other in seed0.Skip(1))
        {
            var weights = InitialWeights(other);
            Assert.Equal(reference.Keys.Order(), weights.Keys.Order());
            foreach (var (name, bits) in reference) Assert.Equal(bits, weights[name]);
            Assert.Equal(order, FirstEpochOrder(other));
        }

        var otherSeed = InitialWeights(seed1[0]);
        Assert.Equal(reference.Keys.Order(), otherSeed.Keys.Order());
        Assert.Contains(reference.Keys, name => !reference[name].SequenceEqual(otherSeed[name]));
        Assert.NotEqual(order, FirstEpochOrder(seed1[0]));
        // And the same cell twice gives the same start: the start depends on the seed, not on what ran before.
        Assert.Equal(otherSeed.Values.SelectMany(v => v), InitialWeights(seed1[0]).Values.SelectMany(v => v));
    }
}

/// <summary>PairedStart seeds libtorch's global generator: no other test may draw from it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PairedStartCollection
{
    public const string Name = "paired-start";
}
