using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1;

/// <summary>
/// Cross-entropy against smoothed targets, mean over the batch:
///     loss = -mean_i sum_c q'_ic log softmax(z_i)_c,   q' = (1 - smoothing) q + smoothing / C
/// where z are the logits [N,C] and q the target probabilities (one-hot, smoothed or mixed).
/// Replace the formula with your own; keep the contract (one scalar, differentiable in the logits).
/// </summary>
[Plugin("plugin-kebab-name", Summary = "Cross-entropy against targets smoothed towards the uniform distribution")]
public sealed class LossBenchPlugin1Loss(LossBenchPlugin1Options options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        // The host runs every step inside a dispose scope: tensors made here are freed with it.
        if (input.TargetsAreOneHot)
        {
            // Fast path, exact for one-hot targets: libtorch's fused cross-entropy on the labels.
            return nn.functional.cross_entropy(input.Logits, input.Labels, label_smoothing: options.Smoothing);
        }
        var classes = input.Logits.shape[1];
        var targets = input.TargetProbs * (1 - options.Smoothing) + options.Smoothing / classes;
        return -(targets * nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
    }
}
