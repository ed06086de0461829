namespace LossBench.Host.Tests;

/// <summary>
/// Host tests that count process-wide native or managed memory (libtorch's live tensors, what a full
/// collection frees): they run alone, after the parallel collections, so that no other test creates
/// or frees anything meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostNativeHandlesCollection
{
    public const string Name = "host-native-handles";
}
