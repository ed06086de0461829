using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Product of experts (Clark et al., 2019; He et al., 2019): cross-entropy of the combined prediction
/// softmax(log_softmax(z) + log b) against the labels; only the main model learns (b is constant).
/// log b is taken of max(b, 1e-12).
/// </summary>
[Plugin("product-of-experts", Summary = "Product of experts: CE(log_softmax(z) + log b, y) with b from a bias model")]
public sealed class ProductOfExpertsLoss(DebiasOptions options) : ILoss, IDeclaresLossTraits<DebiasOptions>
{

    public static LossTraits TraitsOf(DebiasOptions options) => options.Traits;

    public Tensor Compute(LossInput input)
    {
        var b = DebiasInputs.Bias("product-of-experts", input, options);
        var combined = torch.nn.functional.log_softmax(input.Logits, 1) + b.clamp_min(1e-12).log();
        return torch.nn.functional.cross_entropy(combined, input.Labels);
    }
}
