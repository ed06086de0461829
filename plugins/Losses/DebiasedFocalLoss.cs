using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Debiased focal loss (Karimi Mahabadi et al., 2020): -(1 - b_t)^gamma log p_t, mean over the batch,
/// with b_t the bias model's probability of the label: examples the bias model already gets right
/// weigh less. b_t = 0 gives cross-entropy.
/// </summary>
[Plugin("debiased-focal", Summary = "Debiased focal loss: -(1 - b_t)^gamma log p_t with b from a bias model (gamma 2)")]
public sealed class DebiasedFocalLoss(DebiasOptions options) : ILoss, IDeclaresLossTraits<DebiasOptions>
{
    public static LossTraits TraitsOf(DebiasOptions options) => options.Traits;

    public Tensor Compute(LossInput input)
    {
        var b = DebiasInputs.Bias("debiased-focal", input, options);
        var logPt = DebiasInputs.AtLabel(torch.nn.functional.log_softmax(input.Logits, 1), input.Labels);
        var weight = (1 - DebiasInputs.AtLabel(b, input.Labels)).clamp_min(0).pow(options.Gamma);
        return -(weight * logPt).mean();
    }
}
