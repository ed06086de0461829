using LossBench.Torch;

namespace LossBench.Sdk.Losses;

/// <summary>
/// A training loss plugin. What it needs beyond logits and targets (hard labels only, a bias model,
/// a teacher) it declares from its options through <see cref="IDeclaresLossTraits{TOptions}"/>.
/// </summary>
public interface ILoss
{
    /// <summary>The scalar loss of a batch (mean over the batch unless the loss says otherwise), differentiable in the logits.</summary>
    Tensor Compute(LossInput input);
}
