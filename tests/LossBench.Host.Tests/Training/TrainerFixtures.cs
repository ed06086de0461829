using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Host.Tests.Training;

/// <summary>The plainest loss and augmentation for driving <see cref="LossBench.Host.Training.CellTrainer"/> directly.</summary>
internal sealed class CrossEntropyOnLabels : ILoss
{
    public Tensor Compute(LossInput input) => torch.nn.functional.cross_entropy(input.Logits, input.Labels);
}

internal sealed class Unchanged : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator) => batch;
}
