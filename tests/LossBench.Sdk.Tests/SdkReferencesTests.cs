using LossBench.Sdk.Datasets;
using Xunit;

namespace LossBench.Sdk.Tests;

/// <summary>
/// The SDK is a contracts package: what a plugin author compiles against must not pull in shared
/// implementation. Its only LossBench dependency is the engine's API.
/// </summary>
public sealed class SdkReferencesTests
{
    [Fact]
    public void The_sdk_references_the_engine_and_the_framework_only()
    {
        var references = typeof(DataSplits).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Contains("LossBench.Torch", references);
        var others = references.Where(name => name != "LossBench.Torch" && !name.StartsWith("System", StringComparison.Ordinal) &&
                                              !name.StartsWith("Microsoft.", StringComparison.Ordinal) && name is not ("netstandard" or "mscorlib")).ToArray();
        Assert.True(others.Length == 0, "LossBench.Sdk references " + string.Join(", ", others));
    }
}
