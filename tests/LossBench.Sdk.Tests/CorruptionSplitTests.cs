using System.Security.Cryptography;
using System.Text;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using Xunit;
using static LossBench.Torch.torch;

namespace LossBench.Sdk.Tests;

/// <summary>Split names corrupt:&lt;kind&gt;@&lt;severity&gt;: parsing, their seed, and how DataSplits resolves, caches and disposes them.</summary>
public sealed class CorruptionSplitTests
{
    private static readonly string[] AllKinds =
        ["gaussian-noise", "shot-noise", "impulse-noise", "blur", "contrast", "brightness", "pixelate", "rotation"];

    private static DataSplits Splits()
    {
        using var generator = new Generator(4);
        var test = new TensorDataset(rand([12, 3, 8, 8], generator), tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 }), tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }));
        var train = new TensorDataset(rand([4, 3, 8, 8], generator), tensor(new long[] { 0, 1, 2, 3 }));
        return new DataSplits(train, test);
    }

    [Fact]
    public void Every_kind_and_severity_parses_and_prints_back()
    {
        Assert.Equal(AllKinds, CorruptionSplit.KindNames);
        foreach (var kind in AllKinds)
        for (var severity = 1; severity <= 5; severity++)
        {
            var name = $"corrupt:{kind}@{severity}";
            var split = CorruptionSplit.Parse(name);
            Assert.Equal(severity, split.Severity);
            Assert.Equal(name, split.Name);
        }
        Assert.Equal(new CorruptionSplit(CorruptionKind.GaussianNoise, 3), CorruptionSplit.Parse("corrupt:gaussian-noise@3"));
    }

    [Theory]
    [InlineData("corrupt:fog@3", "unknown corruption kind 'fog'")]
    [InlineData("corrupt:gausian-noise@3", "did you mean 'gaussian-noise'")]
    [InlineData("corrupt:blur@0", "severity 0 is outside 1-5")]
    [InlineData("corrupt:blur@6", "severity 6 is outside 1-5")]
    [InlineData("corrupt:blur@", "severity '' is not a whole number")]
    [InlineData("corrupt:blur@two", "severity 'two' is not a whole number")]
    [InlineData("corrupt:blur@-1", "severity '-1' is not a whole number")]
    [InlineData("corrupt:blur", "the severity is missing")]
    public void Bad_names_say_what_is_wrong_and_list_the_kinds(string name, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => CorruptionSplit.Parse(name));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", AllKinds), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_is_the_documented_hash_of_kind_and_severity()
    {
        static ulong Expected(string text) =>
            BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & 0x7FFF_FFFF_FFFF_FFFFUL;
        Assert.Equal(Expected("lossbench\ncorruption\ngaussian-noise\n3"), CorruptionSplit.Parse("corrupt:gaussian-noise@3").Seed);
        Assert.Equal(Expected("lossbench\ncorruption\nrotation\n1"), CorruptionSplit.Parse("corrupt:rotation@1").Seed);
        Assert.NotEqual(CorruptionSplit.Parse("corrupt:blur@1").Seed, CorruptionSplit.Parse("corrupt:blur@2").Seed);
    }

    [Fact]
    public void Resolve_corrupts_the_test_split_once_keeps_labels_and_caches_it()
    {
        using var splits = Splits();
        var corrupted = splits.Resolve("corrupt:gaussian-noise@3", "clean");
        Assert.Same(corrupted, splits.Resolve("corrupt:gaussian-noise@3", "another"));
        Assert.Equal(splits.Test.Labels.ToArray<long>(), corrupted.Labels.ToArray<long>());
        Assert.Equal(splits.Test.BiasAttribute!.ToArray<long>(), corrupted.BiasAttribute!.ToArray<long>());
        Assert.Equal(splits.Test.Images.shape, corrupted.Images.shape);
        Assert.False(corrupted.Images.equal(splits.Test.Images));

        // The same name on other splits objects gives the same images: the seed depends on the name only.
        using var other = Splits();
        Assert.True(other.Resolve("corrupt:gaussian-noise@3", "clean").Images.equal(corrupted.Images));
        // Another severity is another split.
        Assert.False(other.Resolve("corrupt:gaussian-noise@4", "clean").Images.equal(corrupted.Images));
    }

    [Fact]
    public void Corrupted_splits_survive_the_callers_dispose_scope_and_are_disposed_with_the_splits()
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
        Assert.True(corrupted.Labels.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => splits.Resolve("corrupt:contrast@2", "clean"));
    }

    [Fact]
    public void Resolve_names_the_asker_on_a_bad_corruption_and_lists_corruptions_for_unknown_splits()
    {
        using var splits = Splits();
        var bad = Assert.Throws<ArgumentException>(() => splits.Resolve("corrupt:snow@2", "fgsm"));
        Assert.StartsWith("fgsm: ", bad.Message, StringComparison.Ordinal);
        Assert.Contains("unknown corruption kind 'snow'", bad.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", AllKinds), bad.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => splits.Resolve("noisy", "clean"));
        Assert.Contains("no split 'noisy'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt:<kind>@<severity>", unknown.Message, StringComparison.Ordinal);
    }
}
