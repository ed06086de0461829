using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>What the debiasing losses read: log p_t, per-sample cross-entropy, and b_t (the bias model's probability of the label).</summary>
internal static class DebiasInputs
{
    public static Tensor Bias(string loss, LossInput input)
    {
        LossShapes.Check(loss, input.Logits, input.TargetProbs);
        var b = input.BiasProbs ?? throw new InvalidOperationException($"{loss} needs bias-model probabilities, and the host gave none");
        if (!b.shape.SequenceEqual(input.Logits.shape))
            throw new ArgumentException($"{loss}: bias probabilities must have the logits' shape [{string.Join(", ", input.Logits.shape)}], got [{string.Join(", ", b.shape)}]");
        return b.to(input.Logits.dtype);
    }

    /// <summary>b at each sample's label, [N].</summary>
    public static Tensor AtLabel(Tensor values, Tensor labels) => values.gather(1, labels.unsqueeze(1)).squeeze(1);
}
