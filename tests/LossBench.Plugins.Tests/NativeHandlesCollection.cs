namespace LossBench.Plugins.Tests;

/// <summary>
/// Tests that count <see cref="LossBench.Torch.torch.live_tensors"/>, a process-wide counter: they
/// run alone, after the parallel collections, so that no other test creates or frees tensors meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHandlesCollection
{
    public const string Name = "native-handles";
}
