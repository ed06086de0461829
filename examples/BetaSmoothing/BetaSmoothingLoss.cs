using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using MathNet.Numerics.Distributions;

namespace LossBench.Examples.BetaSmoothing;

/// <summary>
/// Cross-entropy with label smoothing whose amount is the mean of a Beta(alpha, beta) distribution,
/// alpha / (alpha + beta), computed with MathNet.Numerics 4.15 (a private dependency of this plugin;
/// the tool itself carries MathNet.Numerics 5.0):
///     loss = -mean_i sum_c q'_ic log softmax(z_i)_c,   q' = (1 - e) q + e / C,   e = alpha / (alpha + beta).
/// </summary>
[Plugin("beta-smoothing", Summary = "Cross-entropy smoothed by the mean of Beta(alpha, beta), from MathNet.Numerics 4.15 (example plugin)")]
public sealed class BetaSmoothingLoss(BetaSmoothingOptions options) : ILoss
{
    private readonly double _smoothing = new Beta(options.Alpha, options.Beta).Mean;

    public Tensor Compute(LossInput input)
    {
        if (input.TargetsAreOneHot)
            return torch.nn.functional.cross_entropy(input.Logits, input.Labels, label_smoothing: _smoothing);
        var targets = input.TargetProbs * (1 - _smoothing) + _smoothing / input.Logits.shape[1];
        return -(targets * torch.nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
    }
}
