using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// The RetinaNet focal loss (Lin et al., 2017) on one-vs-all sigmoids, as torchvision's
/// sigmoid_focal_loss: with p = sigmoid(z), p_t = p q + (1 - p)(1 - q) and
/// alpha_t = alpha q + (1 - alpha)(1 - q), the loss is alpha_t (1 - p_t)^gamma BCE(z, q), averaged over
/// classes and batch (alpha &lt; 0: no alpha weighting).
/// </summary>
[Plugin("sigmoid-focal", Summary = "RetinaNet focal loss on one-vs-all sigmoids: alpha_t (1 - p_t)^gamma BCE (alpha 0.25, gamma 2)")]
public sealed class SigmoidFocalLoss(SigmoidFocalOptions options) : ILoss, IDeclaresLossTraits<SigmoidFocalOptions>
{
    /// <summary>Each output is trained as its own sigmoid: probabilities are the normalised sigmoids.</summary>
    public static LossTraits TraitsOf(SigmoidFocalOptions options) => new() { Link = PredictionLink.OneVsAllSigmoid };

    public Tensor Compute(LossInput input)
    {
        var z = input.Logits;
        LossShapes.Check("sigmoid-focal", z, input.TargetProbs);
        var q = input.TargetProbs.to(z.dtype);
        var p = z.sigmoid();
        var bce = torch.nn.functional.binary_cross_entropy_with_logits(z, q, reduction: Reduction.None);
        var pT = p * q + (1 - p) * (1 - q);
        var loss = bce * (1 - pT).clamp_min(1e-30).pow(options.Gamma);
        if (options.Alpha >= 0) loss = loss * (q * options.Alpha + (1 - q) * (1 - options.Alpha));
        return loss.mean();
    }
}
