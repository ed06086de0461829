using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// One-vs-all binary cross-entropy: each of the C outputs is a sigmoid against its target
/// probability, -[q log sigmoid(z) + (1 - q) log(1 - sigmoid(z))], averaged over classes and batch
/// (reduction mean), or summed over classes and averaged over the batch (reduction sum-classes,
/// C times the mean: the gradient scale of cross-entropy). Computed from the logits (log-sum-exp
/// form), so it stays finite for any logit.
/// </summary>
[Plugin("bce", Summary = "One-vs-all sigmoid binary cross-entropy over the C outputs against the target probabilities (mean over N x C, or sum over classes)")]
public sealed class BceLoss(BceOptions options) : ILoss, IDeclaresLossTraits<BceOptions>
{
    /// <summary>Each output is trained as its own sigmoid: probabilities are the normalised sigmoids.</summary>
    public static LossTraits TraitsOf(BceOptions options) => new() { Link = PredictionLink.OneVsAllSigmoid };

    public Tensor Compute(LossInput input)
    {
        LossShapes.Check("bce", input.Logits, input.TargetProbs);
        var targets = input.TargetProbs.to(input.Logits.dtype);
        return options.Reduction switch
        {
            BceReduction.Mean => torch.nn.functional.binary_cross_entropy_with_logits(input.Logits, targets),
            BceReduction.SumClasses => torch.nn.functional.binary_cross_entropy_with_logits(input.Logits, targets, reduction: Reduction.None).sum(1).mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Reduction, "not a bce reduction"),
        };
    }
}
