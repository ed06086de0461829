using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Poly-1 (Leng et al., 2022): CE + epsilon (1 - p_t), mean over the batch, with p_t = sum_c q_c p_c
/// (the probability of the label for one-hot q; the published implementation's form for smoothed
/// targets) and CE = -sum_c q_c log p_c.
/// </summary>
[Plugin("poly1", Summary = "Poly-1 loss: cross-entropy + epsilon (1 - p_t) (epsilon 1)")]
public sealed class Poly1Loss(Poly1Options options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var (q, logP, crossEntropy) = LossShapes.SoftCrossEntropy("poly1", input);
        var pT = (q * logP.exp()).sum(1);
        return (crossEntropy + (1 - pT) * options.Epsilon).mean();
    }
}
