using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>Plain cross-entropy on the labels: what the host trains a shallow bias model with.</summary>
internal sealed class HardLabelCrossEntropy : ILoss
{
    public Tensor Compute(LossInput input) => torch.nn.functional.cross_entropy(input.Logits, input.Labels);
}
