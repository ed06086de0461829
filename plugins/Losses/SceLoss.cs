using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Symmetric cross-entropy (Wang et al., 2019): alpha CE + beta RCE, mean over the batch, with
/// CE = -sum_c q_c log p_c and the reverse RCE = -sum_c p_c log q_c where log 0 is clipped to -4
/// (so for one-hot q, RCE = 4 (1 - p_y)).
/// </summary>
[Plugin("sce", Summary = "Symmetric cross-entropy: alpha CE + beta reverse CE with log 0 clipped to -4 (alpha 0.1, beta 1)")]
public sealed class SceLoss(SceOptions options) : ILoss
{
    private const double LogZero = -4;

    public Tensor Compute(LossInput input)
    {
        var (q, logP, crossEntropy) = LossShapes.SoftCrossEntropy("sce", input);
        // max(log q, -4) = log(max(q, e^-4)): no log of 0 is ever taken.
        var reverse = -(logP.exp() * q.clamp_min(Math.Exp(LogZero)).log()).sum(1);
        return (crossEntropy * options.Alpha + reverse * options.Beta).mean();
    }
}
