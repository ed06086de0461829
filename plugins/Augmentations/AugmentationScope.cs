using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Hands the tensors an augmentation made inside its own dispose scope to the caller's scope, and
/// leaves alone the ones it passed through unchanged (those belong to the caller already). Each
/// Apply runs in a scope of its own, so its temporaries are freed as soon as it returns instead of
/// at the end of the training step.
/// </summary>
internal static class AugmentationScope
{
    public static Batch Keep(DisposeScope scope, Batch result) =>
        new(Keep(scope, result.Images), Keep(scope, result.Labels), Keep(scope, result.TargetProbs));

    private static Tensor Keep(DisposeScope scope, Tensor tensor) =>
        ReferenceEquals(tensor.OwningScope, scope) ? tensor.MoveToOuterDisposeScope() : tensor;
}
