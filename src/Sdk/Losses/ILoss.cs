using LossBench.Torch;

namespace LossBench.Sdk.Losses;

/// <summary>A training loss plugin.</summary>
public interface ILoss
{
    /// <summary>What the loss needs; the host checks pairings against it when it plans a benchmark.</summary>
    LossTraits Traits { get; }

    /// <summary>The scalar loss of a batch (mean over the batch unless the loss says otherwise), differentiable in the logits.</summary>
    Tensor Compute(LossInput input);
}
