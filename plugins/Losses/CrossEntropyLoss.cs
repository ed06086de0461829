using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Cross-entropy against the target distribution, with optional label smoothing:
/// loss = mean over the batch of -sum_c q'_c log softmax(z)_c, where q' = (1 - eps) q + eps / C.
/// It reads <see cref="LossInput.TargetProbs"/> rather than the labels, so mixed and smoothed
/// targets (mixup, cutmix) work; with one-hot q it equals PyTorch's
/// cross_entropy(z, y, label_smoothing: eps).
/// </summary>
[Plugin("cross-entropy", Summary = "Softmax cross-entropy against the (possibly mixed) target probabilities, with optional label smoothing")]
public sealed class CrossEntropyLoss(CrossEntropyOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        var logits = input.Logits;
        var target = input.TargetProbs;
        if (logits.dim() != 2)
            throw new ArgumentException($"cross-entropy: logits must be [N, C], got shape [{string.Join(", ", logits.shape)}]", nameof(input));
        if (!target.shape.SequenceEqual(logits.shape))
            throw new ArgumentException(
                $"cross-entropy: target probabilities must have the logits' shape [{string.Join(", ", logits.shape)}], got [{string.Join(", ", target.shape)}]",
                nameof(input));

        var eps = options.LabelSmoothing;
        // One-hot targets: libtorch's fused cross-entropy on the labels is the same function (with
        // the same smoothing) in fewer kernels; the tests check both paths against each other.
        if (input.TargetsAreOneHot) return torch.nn.functional.cross_entropy(logits, input.Labels, label_smoothing: eps);
        // log_softmax rather than log(softmax): it stays finite for large logit gaps.
        var logProbs = torch.nn.functional.log_softmax(logits, 1);
        var smoothed = eps == 0 ? target : target * (1 - eps) + eps / logits.shape[1];
        return -(smoothed * logProbs).sum(1).mean();
    }
}
