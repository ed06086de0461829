using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Several augmentations applied one after the other to each batch (<c>chain: { of: [crop, flip,
/// cutout] }</c>), sharing the generator in that order. It mixes targets when any member does, so a
/// chain with mixup or cutmix is refused with hard-label losses like its member would be. The
/// members are built when the chain is (so a bad member is reported when the benchmark is
/// planned), but only from given options: the options-less probe of plugin discovery has none and
/// never calls the factory, which cannot build yet at that time.
/// </summary>
[Plugin("chain", Summary = "Apply several augmentations in order: of: [crop, flip, { cutout: { size: 6 } }]")]
public sealed class ChainAugmentation : IAugmentation
{
    private readonly IReadOnlyList<IAugmentation> _members;

    public ChainAugmentation(ChainOptions options, IAugmentationFactory augmentations)
    {
        var members = new List<IAugmentation>();
        if (options.Of is ConfigSequence sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
                members.Add(augmentations.Create(sequence.Items[i], $"chain.of[{i}]"));
        }
        _members = members;
        Traits = new AugmentationTraits { MixesTargets = members.Any(m => m.Traits.MixesTargets) };
    }

    public AugmentationTraits Traits { get; }

    /// <summary>The members in the order they are applied.</summary>
    internal IReadOnlyList<IAugmentation> Members => _members;

    public Batch Apply(Batch batch, Generator generator)
    {
        if (_members.Count == 0) throw new InvalidOperationException("chain has no members (options.of is empty)");
        // Each member hands its results to the caller's scope, so nothing here needs a scope of its own.
        foreach (var member in _members) batch = member.Apply(batch, generator);
        return batch;
    }
}
