namespace LossBench.Plugins.Tests;

/// <summary>
/// Tests that seed or draw from libtorch's global generator (models initialise their layers from
/// it), which every thread shares: they run alone so that no test in another collection draws
/// from it between a seed and a draw.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "global-generator";
}
