namespace LossBench.Torch.Tests;

/// <summary>
/// Tests that seed and draw from libtorch's global generator, which every thread shares: they run
/// alone so that no test in another collection draws from it between the seed and the draw.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "global-generator";
}
