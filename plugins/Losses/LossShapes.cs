using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>The shape checks every loss makes: logits [N, C] and target probabilities of the same shape.</summary>
internal static class LossShapes
{
    public static void Check(string loss, Tensor logits, Tensor targets)
    {
        if (logits.dim() != 2)
            throw new ArgumentException($"{loss}: logits must be [N, C], got shape [{string.Join(", ", logits.shape)}]");
        if (!targets.shape.SequenceEqual(logits.shape))
            throw new ArgumentException($"{loss}: target probabilities must have the logits' shape [{string.Join(", ", logits.shape)}], got [{string.Join(", ", targets.shape)}]");
    }
}
