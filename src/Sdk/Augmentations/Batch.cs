using LossBench.Torch;

namespace LossBench.Sdk.Augmentations;

/// <summary>
/// A training batch: images float32 [N,C,H,W] in [0, 1], labels int64 [N] and target
/// probabilities float32 [N,C] (one-hot until an augmentation mixes them).
/// </summary>
public sealed record Batch(Tensor Images, Tensor Labels, Tensor TargetProbs);
