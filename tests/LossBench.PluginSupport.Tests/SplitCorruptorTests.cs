using System.Security.Cryptography;
using System.Text;
using LossBench.PluginSupport.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using Xunit;
using static LossBench.Torch.torch;

namespace LossBench.PluginSupport.Tests;

/// <summary>The host's corruptor behind corrupt:&lt;kind&gt;@&lt;severity&gt;: its seed, and the splits DataSplits gets from it.</summary>
public sealed class SplitCorruptorTests
{
    private static DataSplits Splits()
    {
        using var generator = new Generator(4);
        var test = new TensorDataset(rand([12, 3, 8, 8], generator), tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 }), tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }));
        var train = new TensorDataset(rand([4, 3, 8, 8], generator), tensor(new long[] { 0, 1, 2, 3 }));
        var splits = new DataSplits(train, test);
        splits.UseCorruptor(SplitCorruptor.Instance);
        return splits;
    }

    [Fact]
    public void The_seed_is_the_documented_hash_of_kind_and_severity()
    {
        static ulong Expected(string text) =>
            BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & 0x7FFF_FFFF_FFFF_FFFFUL;
        Assert.Equal(Expected("lossbench\ncorruption\ngaussian-noise\n3"), Corruptions.SeedOf(CorruptionSplit.Parse("corrupt:gaussian-noise@3")));
        Assert.Equal(Expected("lossbench\ncorruption\nrotation\n1"), Corruptions.SeedOf(CorruptionSplit.Parse("corrupt:rotation@1")));
        Assert.NotEqual(Corruptions.SeedOf(CorruptionSplit.Parse("corrupt:blur@1")), Corruptions.SeedOf(CorruptionSplit.Parse("corrupt:blur@2")));
    }

    [Fact]
    public void A_resolved_split_is_the_test_split_under_the_corruption_with_its_seed_and_keeps_labels()
    {
        using var splits = Splits();
        var corrupted = splits.Resolve("corrupt:gaussian-noise@3", "clean");
        Assert.Same(corrupted, splits.Resolve("corrupt:gaussian-noise@3", "another"));
        Assert.Equal(splits.Test.Labels.ToArray<long>(), corrupted.Labels.ToArray<long>());
        Assert.Equal(splits.Test.BiasAttribute!.ToArray<long>(), corrupted.BiasAttribute!.ToArray<long>());
        Assert.Equal(splits.Test.Images.shape, corrupted.Images.shape);
        Assert.False(corrupted.Images.equal(splits.Test.Images));

        // Exactly the corruption function with a generator seeded by the documented seed.
        using (NewDisposeScope())
        {
            using var generator = new Generator(Corruptions.SeedOf(new CorruptionSplit(CorruptionKind.GaussianNoise, 3)));
            Assert.True(Corruptions.Apply(splits.Test.Images, CorruptionKind.GaussianNoise, 3, generator).equal(corrupted.Images));
        }

        // The same name on other splits objects gives the same images: the seed depends on the name only.
        using var other = Splits();
        Assert.True(other.Resolve("corrupt:gaussian-noise@3", "clean").Images.equal(corrupted.Images));
        // Another severity is another split.
        Assert.False(other.Resolve("corrupt:gaussian-noise@4", "clean").Images.equal(corrupted.Images));
    }

    [Fact]
    public void Corrupted_splits_belong_to_no_dispose_scope_and_stay_in_range()
    {
        var splits = Splits();
        TensorDataset corrupted;
        using (NewDisposeScope())
        {
            corrupted = splits.Resolve("corrupt:contrast@2", "clean");
        }
        Assert.Equal(12, corrupted.Images.shape[0]);
        Assert.True(corrupted.Images.max().item<float>() <= 1);
        splits.Dispose();
        Assert.True(corrupted.Images.IsDisposed);
    }
}
