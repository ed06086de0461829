using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Focal Tversky loss (Abraham and Khan, 2019): mean over classes of (1 - T_c)^gamma with the Tversky
/// index T_c of <see cref="TverskyLoss"/>; gamma 0.75 (their 1/gamma with gamma = 4/3) by default.
/// </summary>
[Plugin("focal-tversky", Summary = "Focal Tversky loss: mean over classes of (1 - T_c)^gamma (gamma 0.75)")]
public sealed class FocalTverskyLoss(TverskyOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var index = TverskyLoss.Index(SoftOverlap.Of("focal-tversky", input.Logits, input.TargetProbs), options);
        return (1 - index).clamp_min(1e-30).pow(options.Gamma).mean();
    }
}
