using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// The soft confusion counts the overlap losses share, per class over the batch, with p = softmax(z):
/// TP_c = sum_i p_ic q_ic, FP_c = sum_i p_ic (1 - q_ic), FN_c = sum_i (1 - p_ic) q_ic.
/// </summary>
internal sealed record SoftOverlap(Tensor TruePositive, Tensor FalsePositive, Tensor FalseNegative, Tensor PredictedMass, Tensor TargetMass)
{
    public static SoftOverlap Of(string loss, Tensor logits, Tensor targets)
    {
        LossShapes.Check(loss, logits, targets);
        var p = torch.nn.functional.softmax(logits, 1);
        var q = targets.to(logits.dtype);
        var tp = (p * q).sum(0);
        var predicted = p.sum(0);
        var target = q.sum(0);
        return new SoftOverlap(tp, predicted - tp, target - tp, predicted, target);
    }
}
