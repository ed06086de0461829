using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// The Baikal loss (Gonzalez and Miikkulainen, 2020, found by loss-function search):
/// -mean over the batch of (1/C) sum_c [log(p_c + eps) - q_c / (p_c + eps)]: the paper writes it as an
/// average over the n classes (its equation for L_Baikal has the factor -1/n), so its scale, and the effective learning rate
/// under SGD, does not grow with the class count. reduction: sum gives C times that.
/// </summary>
[Plugin("baikal", Summary = "Baikal loss: -mean over the batch of mean_c [log(p_c + eps) - q_c / (p_c + eps)] (reduction: sum for the class sum)")]
public sealed class BaikalLoss(BaikalOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var z = input.Logits;
        LossShapes.Check("baikal", z, input.TargetProbs);
        var p = torch.nn.functional.softmax(z, 1) + options.Eps;
        var perClass = p.log() - input.TargetProbs.to(z.dtype) / p;
        return -(options.Reduction == ClassReduction.Mean ? perClass.mean(1) : perClass.sum(1)).mean();
    }
}
