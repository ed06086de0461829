namespace LossBench.Sdk.Losses;

/// <summary>How a loss turns logits into class probabilities: what its trained model's probabilities mean.</summary>
public enum PredictionLink
{
    /// <summary>p_c = softmax(z)_c: losses trained on a softmax (cross-entropy, focal, Dice, ...).</summary>
    Softmax,

    /// <summary>
    /// One-vs-all sigmoids normalised to sum to 1, p_c = sigmoid(z_c) / sum_k sigmoid(z_k): losses that train
    /// each output as its own binary classifier (bce, sigmoid-focal).
    /// </summary>
    OneVsAllSigmoid,
}
