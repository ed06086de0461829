using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Losses;

namespace LossBench.Host.Tests.Matrix;

public sealed class MatrixTests
{
    private static BenchmarkDefinition Parse(string yaml) => BenchmarkLoader.Parse(yaml, "/b/benchmarks.yaml", BuiltInCatalog.Catalog);

    private static MatrixPlan Plan(BenchmarkDefinition benchmark, Func<AxisValue, LossTraits>? loss = null, Func<AxisValue, AugmentationTraits>? augmentation = null) =>
        MatrixExpander.Expand(benchmark, "cpu", loss ?? (_ => LossTraits.Default), augmentation ?? (_ => AugmentationTraits.Default));

    private const string Yaml = "seeds: [0, 1]\ndatasets: [mnist-10k]\nmodels: [mlp, cnn-small]\nlosses: [cross-entropy, { cross-entropy: { label-smoothing: 0.1 } }]\n";

    [Fact]
    public void CellsAreTheProductInPairedOrderWithStableIds()
    {
        var plan = Plan(Parse(Yaml));
        Assert.Equal(8, plan.Cells.Count); // 1 dataset x 2 models x 1 augmentation x 2 seeds x 2 losses
        // Losses vary fastest: the two cells of one paired comparison are neighbours.
        Assert.Equal(["cross-entropy", "cross-entropy(label-smoothing=0.1)"], plan.Cells.Take(2).Select(c => c.Loss.Label));
        Assert.All(plan.Cells.Take(2), c => Assert.Equal((0UL, "mlp"), (c.Seed, c.Model.Label)));
        Assert.Equal(8, plan.Cells.Select(c => c.Id).Distinct().Count());
        Assert.All(plan.Cells, c => Assert.Matches("^[0-9a-f]{12}$", c.Id));
        Assert.Equal(plan.Cells.Select(c => c.Id), Plan(Parse(Yaml)).Cells.Select(c => c.Id));
    }

    [Fact]
    public void WritingADefaultExplicitlyKeepsTheIdAndChangingTrainingChangesIt()
    {
        var id = Plan(Parse(Yaml)).Cells[0].Id;
        var explicitDefaults = Yaml.Replace("losses: [cross-entropy,", "losses: [{ cross-entropy: { label-smoothing: 0 } },", StringComparison.Ordinal);
        var explicitPlan = Plan(Parse(explicitDefaults));
        Assert.Equal("cross-entropy(label-smoothing=0)", explicitPlan.Cells[0].Loss.Label);
        Assert.Equal(id, explicitPlan.Cells[0].Id);
        Assert.NotEqual(id, Plan(Parse(Yaml + "training: { epochs: 2 }\n")).Cells[0].Id);
        // The evaluation settings are not part of a cell: adding one never retrains.
        Assert.Equal(id, Plan(Parse(Yaml + "evaluations: [clean, { clean: { bins: 5 } }]\ntraining: { eval-batch-size: 64 }\n")).Cells[0].Id);
    }

    [Fact]
    public void SeedsArePairedAcrossLossesAndDifferAcrossSeeds()
    {
        // The documented derivation, computed here independently: the first 8 bytes (little-endian) of
        // SHA-256("lossbench\ninit\n<seed>\n<dataset>\n<model>"), top bit cleared. No loss in it, so every
        // loss of a row starts from the same weights.
        static ulong Expected(string text) =>
            BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0) & 0x7FFF_FFFF_FFFF_FFFFUL;
        Assert.Equal(Expected("lossbench\ninit\n0\nmnist-10k\nmlp"), SeedDerivation.Init(0, "mnist-10k", "mlp"));
        Assert.Equal(Expected("lossbench\ndata-order\n3\nmnist-10k"), SeedDerivation.DataOrder(3, "mnist-10k"));
        Assert.Equal(Expected("lossbench\naugmentation\n3\nmnist-10k\nnone"), SeedDerivation.Augmentation(3, "mnist-10k", "none"));
        Assert.NotEqual(SeedDerivation.Init(0, "mnist-10k", "mlp"), SeedDerivation.Init(1, "mnist-10k", "mlp"));
        Assert.NotEqual(SeedDerivation.Init(0, "mnist-10k", "mlp"), SeedDerivation.Init(0, "mnist-10k", "cnn-small"));
    }

    [Fact]
    public void IncludeExcludeAndTraitsRemoveCellsWithReasons()
    {
        var excluded = Plan(Parse(Yaml + "exclude: [ { model: cnn-small, loss: \"cross-entropy(label-smoothing=0.1)\" } ]\n"));
        Assert.Equal(6, excluded.Cells.Count);
        Assert.DoesNotContain(excluded.Cells, c => c.Model.Label == "cnn-small" && c.Loss.Label != "cross-entropy");

        var included = Plan(Parse(Yaml + "include: [ { model: mlp } ]\n"));
        Assert.All(included.Cells, c => Assert.Equal("mlp", c.Model.Label));
        Assert.Equal(4, included.Cells.Count);

        var refused = Plan(Parse(Yaml), loss: l => l.Label == "cross-entropy" ? new LossTraits { HardLabelsOnly = true } : LossTraits.Default,
            augmentation: _ => new AugmentationTraits { MixesTargets = true });
        Assert.Equal(4, refused.Cells.Count);
        Assert.Equal(4, refused.Refused.Count);
        Assert.Contains("needs hard labels, and the augmentation none mixes targets", refused.Refused[0].Reason);

        var known = MatrixExpander.Expand(Parse(Yaml), "cpu",
            l => l.Label == "cross-entropy" ? new LossTraits { NeedsBiasModel = true, BiasModel = new BiasModelRequest(BiasSource.Known) } : LossTraits.Default,
            _ => AugmentationTraits.Default, _ => false);
        Assert.Equal(4, known.Refused.Count);
        Assert.Contains("takes its bias from the data set's bias attribute (bias: known), and mnist-10k declares none", known.Refused[0].Reason);
    }

    [Fact]
    public void ShardsCoverEveryCellOnceAndFiltersSelect()
    {
        var cells = Plan(Parse(Yaml)).Cells;
        var shards = Enumerable.Range(1, 3).Select(i => new Shard(i, 3).Take(cells)).ToArray();
        Assert.Equal(cells.Select(c => c.Id).Order(), shards.SelectMany(s => s).Select(c => c.Id).Order());
        Assert.Equal(cells.Count, shards.Sum(s => s.Count));
        Assert.Throws<ArgumentException>(() => Shard.Parse("3/2"));
        Assert.Equal(new Shard(2, 4), Shard.Parse("2/4"));

        Assert.Equal(4, cells.Count(CellFilter.Parse(["model=cnn*"]).Matches));
        Assert.Equal(2, cells.Count(CellFilter.Parse(["model=mlp", "seed=1"]).Matches));
        Assert.Equal(4, cells.Count(CellFilter.Parse(["label-smoothing"]).Matches));
        Assert.Throws<ArgumentException>(() => CellFilter.Parse(["los=x"]));
    }
}
