using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// One-vs-all binary cross-entropy: each of the C outputs is a sigmoid against its target
/// probability, -[q log sigmoid(z) + (1 - q) log(1 - sigmoid(z))], averaged over classes and batch.
/// Computed from the logits (log-sum-exp form), so it stays finite for any logit.
/// </summary>
[Plugin("bce", Summary = "One-vs-all sigmoid binary cross-entropy over the C outputs against the target probabilities")]
public sealed class BceLoss : ILoss, IDeclaresLossTraits
{
    /// <summary>Each output is trained as its own sigmoid: probabilities are the normalised sigmoids.</summary>
    public static LossTraits Traits { get; } = new() { Link = PredictionLink.OneVsAllSigmoid };

    public Tensor Compute(LossInput input)
    {
        LossShapes.Check("bce", input.Logits, input.TargetProbs);
        return torch.nn.functional.binary_cross_entropy_with_logits(input.Logits, input.TargetProbs.to(input.Logits.dtype));
    }
}
