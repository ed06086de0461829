using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Example reweighting (Clark et al., 2019): sum_i w_i CE_i / sum_i w_i with w_i = 1 - b_i,t, so
/// examples the bias model predicts confidently count less. (A batch whose weights are all 0 gives 0.)
/// </summary>
[Plugin("reweight", Summary = "Example reweighting: sum_i w_i CE_i / sum_i w_i, w_i = 1 - b_t from a bias model")]
public sealed class ReweightLoss(DebiasOptions options) : ILoss, IDeclaresLossTraits<DebiasOptions>
{

    public static LossTraits TraitsOf(DebiasOptions options) => options.Traits;

    public Tensor Compute(LossInput input)
    {
        var b = DebiasInputs.Bias("reweight", input, options);
        var crossEntropy = torch.nn.functional.cross_entropy(input.Logits, input.Labels, reduction: Reduction.None);
        var weights = 1 - DebiasInputs.AtLabel(b, input.Labels);
        return (weights * crossEntropy).sum() / (weights.sum() + 1e-12);
    }
}
