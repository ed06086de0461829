using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Generalized cross-entropy (Zhang and Sabuncu, 2018): (1 - p_y^q) / q, mean over the batch. Defined
/// on hard labels, so it reads <see cref="LossInput.Labels"/> and declares hard labels only; p_y^q is
/// computed as exp(q log p_y) from log_softmax.
/// </summary>
[Plugin("gce", Summary = "Generalized cross-entropy (1 - p_y^q) / q on hard labels (q 0.7)")]
public sealed class GceLoss(GceOptions options) : ILoss, IDeclaresLossTraits<GceOptions>
{
    public static LossTraits TraitsOf(GceOptions options) => new() { HardLabelsOnly = true };

    public Tensor Compute(LossInput input)
    {
        var z = input.Logits;
        LossShapes.Check("gce", z, input.TargetProbs);
        var logPy = torch.nn.functional.log_softmax(z, 1).gather(1, input.Labels.unsqueeze(1)).squeeze(1);
        return ((1 - (logPy * options.Q).exp()) / options.Q).mean();
    }
}
