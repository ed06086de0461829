using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Soft Jaccard (IoU) loss per class over the batch: J_c = (TP_c + s) / (sum_i p_ic + sum_i q_ic - TP_c + s),
/// loss = 1 - mean_c J_c (s = smooth, default 1).
/// </summary>
[Plugin("jaccard", Summary = "Soft Jaccard (IoU) loss: 1 - mean over classes of (TP + s) / (sum p + sum q - TP + s)")]
public sealed class JaccardLoss(OverlapOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var o = SoftOverlap.Of("jaccard", input.Logits, input.TargetProbs);
        var jaccard = (o.TruePositive + options.Smooth) / (o.PredictedMass + o.TargetMass - o.TruePositive + options.Smooth);
        return 1 - jaccard.mean();
    }
}
