using LossBench.Torch;

namespace LossBench.Sdk.Losses;

/// <summary>
/// One batch for a loss: logits z [N,C] (requires grad), labels y int64 [N], target probabilities
/// q [N,C] (one-hot, smoothed or mixed; equal to one_hot(y) when nothing changed them), the bias
/// model's probabilities b [N,C] when the loss's traits ask for them, and where training stands.
/// </summary>
public sealed record LossInput(Tensor Logits, Tensor Labels, Tensor TargetProbs, Tensor? BiasProbs, TrainingProgress Progress)
{
    /// <summary>
    /// True when <see cref="TargetProbs"/> is exactly one_hot(<see cref="Labels"/>) (no augmentation
    /// mixed the targets), so a loss may take a faster path that reads the labels; it must give the
    /// same value as its general path.
    /// </summary>
    public bool TargetsAreOneHot { get; init; }

    /// <summary>The teacher's probabilities [N,C] for losses whose traits ask for a teacher, else null.</summary>
    public Tensor? TeacherProbs { get; init; }
}
