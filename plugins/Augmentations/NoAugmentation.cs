using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// The baseline of the augmentation axis: every batch is trained on as it is. Returning the same
/// tensors (no copy) is allowed by the contract and costs nothing per step.
/// </summary>
[Plugin("none", Summary = "No augmentation: batches are used unchanged")]
public sealed class NoAugmentation : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator) => batch;
}
