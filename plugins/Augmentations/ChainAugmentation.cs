using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Several augmentations applied one after the other to each batch (<c>chain: { of: [crop, flip,
/// cutout] }</c>), sharing the generator in that order. The members are plugin references: the
/// host binds them with their full YAML path and gives the chain the union of their traits, so a
/// chain with mixup or cutmix is refused with hard-label losses like its member would be.
/// </summary>
[Plugin("chain", Summary = "Apply several augmentations in order: of: [crop, flip, { cutout: { size: 6 } }]")]
public sealed class ChainAugmentation(ChainOptions options, IPluginFactory plugins) : IAugmentation
{
    /// <summary>The members in the order they are applied.</summary>
    internal IReadOnlyList<IAugmentation> Members { get; } = (options.Of ?? []).Select(plugins.Create).ToArray();

    public Batch Apply(Batch batch, Generator generator)
    {
        // Each member hands its results to the caller's scope, so nothing here needs a scope of its own.
        foreach (var member in Members) batch = member.Apply(batch, generator);
        return batch;
    }
}
