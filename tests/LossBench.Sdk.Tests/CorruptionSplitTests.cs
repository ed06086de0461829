using LossBench.Sdk.Datasets;
using LossBench.Torch;
using Xunit;
using static LossBench.Torch.torch;

namespace LossBench.Sdk.Tests;

/// <summary>
/// Split names corrupt:&lt;kind&gt;@&lt;severity&gt;: parsing, and how DataSplits asks the corruptor it was
/// given, caches and disposes what it made. The corruptor here is a stand-in that records its calls;
/// the real one is tested in LossBench.PluginSupport.Tests.
/// </summary>
public sealed class CorruptionSplitTests
{
    /// <summary>"Corrupts" by adding the severity to every value; records every call.</summary>
    private sealed class RecordingCorruptor : ISplitCorruptor
    {
        public List<(TensorDataset Test, CorruptionSplit Corruption)> Calls { get; } = [];

        public TensorDataset Corrupt(TensorDataset test, CorruptionSplit corruption)
        {
            Calls.Add((test, corruption));
            using var scope = NewDisposeScope();
            return new TensorDataset((test.Images + corruption.Severity).DetachFromDisposeScope(), test.Labels.clone().DetachFromDisposeScope(),
                test.BiasAttribute?.clone().DetachFromDisposeScope());
        }
    }

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
    public void Resolve_asks_the_corruptor_once_per_name_for_the_test_split_and_caches_the_result()
    {
        using var splits = Splits();
        var corruptor = new RecordingCorruptor();
        splits.UseCorruptor(corruptor);
        var corrupted = splits.Resolve("corrupt:gaussian-noise@3", "clean");
        Assert.Same(corrupted, splits.Resolve("corrupt:gaussian-noise@3", "another"));
        var call = Assert.Single(corruptor.Calls);
        Assert.Same(splits.Test, call.Test);
        Assert.Equal(new CorruptionSplit(CorruptionKind.GaussianNoise, 3), call.Corruption);
        Assert.True(corrupted.Images.equal(splits.Test.Images + 3));

        // Another severity is another split, made by another call.
        var stronger = splits.Resolve("corrupt:gaussian-noise@4", "clean");
        Assert.NotSame(corrupted, stronger);
        Assert.Equal(2, corruptor.Calls.Count);
        Assert.Equal(4, corruptor.Calls[1].Corruption.Severity);
        // Plain splits never reach the corruptor.
        Assert.Same(splits.Test, splits.Resolve("test", "clean"));
        Assert.Same(splits.Train, splits.Resolve("train", "clean"));
        Assert.Equal(2, corruptor.Calls.Count);
    }

    [Fact]
    public void Corrupted_splits_survive_the_callers_dispose_scope_and_are_disposed_with_the_splits()
    {
        var splits = Splits();
        splits.UseCorruptor(new RecordingCorruptor());
        TensorDataset corrupted;
        using (NewDisposeScope())
        {
            corrupted = splits.Resolve("corrupt:contrast@2", "clean");
        }
        Assert.Equal(12, corrupted.Images.shape[0]);
        Assert.False(corrupted.Images.IsDisposed);
        splits.Dispose();
        Assert.True(corrupted.Images.IsDisposed);
        Assert.True(corrupted.Labels.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => splits.Resolve("corrupt:contrast@2", "clean"));
    }

    [Fact]
    public void Without_a_corruptor_a_corrupted_split_is_an_error_naming_the_asker_and_plain_splits_still_resolve()
    {
        using var splits = Splits();
        var error = Assert.Throws<InvalidOperationException>(() => splits.Resolve("corrupt:blur@1", "clean"));
        Assert.StartsWith("clean: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt:blur@1", error.Message, StringComparison.Ordinal);
        Assert.Same(splits.Test, splits.Resolve("test", "clean"));
    }

    [Fact]
    public void The_same_corruptor_may_be_given_again_but_not_another()
    {
        using var splits = Splits();
        var corruptor = new RecordingCorruptor();
        splits.UseCorruptor(corruptor);
        splits.UseCorruptor(corruptor);
        Assert.Throws<InvalidOperationException>(() => splits.UseCorruptor(new RecordingCorruptor()));
        splits.Resolve("corrupt:blur@1", "clean");
        Assert.Single(corruptor.Calls);
    }

    [Fact]
    public void Resolve_names_the_asker_on_a_bad_corruption_and_lists_corruptions_for_unknown_splits()
    {
        using var splits = Splits();
        var corruptor = new RecordingCorruptor();
        splits.UseCorruptor(corruptor);
        var bad = Assert.Throws<ArgumentException>(() => splits.Resolve("corrupt:snow@2", "fgsm"));
        Assert.StartsWith("fgsm: ", bad.Message, StringComparison.Ordinal);
        Assert.Contains("unknown corruption kind 'snow'", bad.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", AllKinds), bad.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => splits.Resolve("noisy", "clean"));
        Assert.Contains("no split 'noisy'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt:<kind>@<severity>", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(corruptor.Calls);
    }
}
