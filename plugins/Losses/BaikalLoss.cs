using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// The Baikal loss (Gonzalez and Miikkulainen, 2020, found by loss-function search):
/// -mean over the batch of sum_c [log(p_c + eps) - q_c / (p_c + eps)].
/// </summary>
[Plugin("baikal", Summary = "Baikal loss: -mean sum_c [log(p_c + eps) - q_c / (p_c + eps)]")]
public sealed class BaikalLoss(BaikalOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var z = input.Logits;
        LossShapes.Check("baikal", z, input.TargetProbs);
        var p = torch.nn.functional.softmax(z, 1) + options.Eps;
        return -(p.log() - input.TargetProbs.to(z.dtype) / p).sum(1).mean();
    }
}
