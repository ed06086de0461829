using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Focal loss (Lin et al., 2017) on the softmax: -sum_c alpha_c q_c (1 - p_c)^gamma log p_c, mean over
/// the batch. For one-hot q it is (1 - p_t)^gamma times cross-entropy; gamma = 0 is cross-entropy.
/// log p comes from log_softmax and 1 - p from -expm1(log p), both accurate near p = 1; the base of
/// the power is kept above 1e-30 so that its gradient stays finite for gamma below 1.
/// </summary>
[Plugin("focal", Summary = "Focal loss: -sum_c q_c (1 - p_c)^gamma log p_c (gamma 2; optional per-class alpha)")]
public sealed class FocalLoss(FocalOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var logits = input.Logits;
        LossShapes.Check("focal", logits, input.TargetProbs);
        var logP = torch.nn.functional.log_softmax(logits, 1);
        var oneMinusP = logP.expm1().neg().clamp_min(1e-30);
        var weighted = input.TargetProbs.to(logits.dtype) * oneMinusP.pow(options.Gamma) * logP;
        if (options.Alpha.Count > 0)
        {
            if (options.Alpha.Count != logits.shape[1])
                throw new ArgumentException($"focal: alpha has {options.Alpha.Count} values but there are {logits.shape[1]} classes");
            weighted = weighted * torch.tensor(options.Alpha.ToArray(), dtype: logits.dtype, device: logits.device);
        }
        return -weighted.sum(1).mean();
    }
}
