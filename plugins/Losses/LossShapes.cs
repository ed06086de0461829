using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>The shape checks every loss makes (logits [N, C], target probabilities of the same shape), and the soft cross-entropy several losses build on.</summary>
internal static class LossShapes
{
    public static void Check(string loss, Tensor logits, Tensor targets)
    {
        if (logits.dim() != 2)
            throw new ArgumentException($"{loss}: logits must be [N, C], got shape [{string.Join(", ", logits.shape)}]");
        if (!targets.shape.SequenceEqual(logits.shape))
            throw new ArgumentException($"{loss}: target probabilities must have the logits' shape [{string.Join(", ", logits.shape)}], got [{string.Join(", ", targets.shape)}]");
    }

    /// <summary>Checked inputs as the soft-target losses use them: q in the logits' dtype, log p, and per-sample CE = -sum_c q_c log p_c.</summary>
    public static (Tensor Targets, Tensor LogProbs, Tensor CrossEntropy) SoftCrossEntropy(string loss, LossInput input)
    {
        Check(loss, input.Logits, input.TargetProbs);
        var q = input.TargetProbs.to(input.Logits.dtype);
        var logP = torch.nn.functional.log_softmax(input.Logits, 1);
        return (q, logP, -(q * logP).sum(1));
    }
}
