using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Tversky loss (Salehi et al., 2017) per class over the batch:
/// T_c = (TP_c + s) / (TP_c + alpha FP_c + beta FN_c + s), loss = 1 - mean_c T_c. With alpha = beta =
/// 0.5 the denominator is (sum p + sum q) / 2 + s, so it equals Dice with smoothing 2s (and Dice
/// exactly when s = 0). The gamma option is not used here.
/// </summary>
[Plugin("tversky", Summary = "Tversky loss: 1 - mean over classes of (TP + s) / (TP + alpha FP + beta FN + s)")]
public sealed class TverskyLoss(TverskyOptions options) : ILoss
{
    public Tensor Compute(LossInput input) => 1 - Index(SoftOverlap.Of("tversky", input.Logits, input.TargetProbs), options).mean();

    /// <summary>T_c per class.</summary>
    internal static Tensor Index(SoftOverlap o, TverskyOptions options) =>
        (o.TruePositive + options.Smooth) / (o.TruePositive + o.FalsePositive * options.Alpha + o.FalseNegative * options.Beta + options.Smooth);
}
