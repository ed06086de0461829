namespace LossBench.Plugins.Losses;

/// <summary>How <see cref="BceLoss"/> reduces its N x C per-output terms.</summary>
public enum BceReduction
{
    /// <summary>
    /// The mean over all N x C outputs (PyTorch's default for binary_cross_entropy_with_logits): each
    /// logit's gradient is (sigmoid(z) - q) / (N C), about 1 / C of cross-entropy's at the same
    /// learning rate.
    /// </summary>
    Mean,

    /// <summary>
    /// The sum over the C classes, then the mean over the N examples: each logit's gradient is
    /// (sigmoid(z) - q) / N, on the scale of cross-entropy's (softmax(z) - q) / N.
    /// </summary>
    SumClasses,
}
