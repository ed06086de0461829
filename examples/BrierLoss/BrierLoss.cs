using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Examples.BrierLoss;

/// <summary>
/// The Brier score (Brier, 1950): the squared distance between the predicted distribution and the
/// target, mean over the batch of sum_c (softmax(z)_c - q_c)^2, times <see cref="BrierOptions.Scale"/>.
/// A proper scoring rule, so it rewards calibrated probabilities; it reads the target probabilities,
/// so smoothed and mixed labels work.
/// </summary>
[Plugin("brier", Summary = "Brier score: mean squared distance between softmax(z) and the target probabilities (example plugin)")]
public sealed class BrierLoss(BrierOptions options) : ILoss
{

    public Tensor Compute(LossInput input)
    {
        // Intermediates are disposed with the caller's dispose scope (the host runs each step in one).
        var probabilities = torch.nn.functional.softmax(input.Logits, 1);
        var difference = probabilities - input.TargetProbs;
        return (difference * difference).sum(1).mean() * options.Scale;
    }
}
