using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Soft Dice loss per class over the batch: Dice_c = (2 TP_c + s) / (sum_i p_ic + sum_i q_ic + s),
/// loss = 1 - mean_c Dice_c (s = smooth, default 1).
/// </summary>
[Plugin("dice", Summary = "Soft Dice loss: 1 - mean over classes of (2 TP + s) / (sum p + sum q + s) over the batch")]
public sealed class DiceLoss(OverlapOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var o = SoftOverlap.Of("dice", input.Logits, input.TargetProbs);
        var dice = (o.TruePositive * 2 + options.Smooth) / (o.PredictedMass + o.TargetMass + options.Smooth);
        return 1 - dice.mean();
    }
}
