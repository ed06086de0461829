using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing.Tests;

// Losses that keep or break one clause of the contract each, for PluginAssertLossTests.

public sealed record SmoothingOptions
{
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Smoothing { get; init; }
}

/// <summary>Cross-entropy against smoothed targets, with a fast path for one-hot targets: keeps the contract.</summary>
[Plugin("good-loss")]
public sealed class GoodLoss(SmoothingOptions options) : ILoss
{
    public Tensor Compute(LossInput input)
    {
        if (input.TargetsAreOneHot) return nn.functional.cross_entropy(input.Logits, input.Labels, label_smoothing: options.Smoothing);
        var targets = input.TargetProbs * (1 - options.Smoothing) + options.Smoothing / input.Logits.shape[1];
        return -(targets * nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
    }
}

/// <summary>Part of the value is computed from detached logits: autograd misses its derivative.</summary>
[Plugin("detached-term")]
public sealed class DetachedTermLoss : ILoss
{
    public Tensor Compute(LossInput input) =>
        -(input.TargetProbs * nn.functional.log_softmax(input.Logits, 1)).sum(1).mean() + input.Logits.detach().pow(2).mean() * 0.1;
}

/// <summary>log(softmax(z)) instead of log_softmax(z): -inf times a zero target is NaN once softmax underflows.</summary>
[Plugin("naive-log-softmax")]
public sealed class NaiveLogSoftmaxLoss : ILoss
{
    public Tensor Compute(LossInput input) =>
        -(input.TargetProbs * nn.functional.softmax(input.Logits, 1).log()).sum(1).mean();
}

/// <summary>The fast path smooths the labels, the general path does not: the two disagree.</summary>
[Plugin("inconsistent-fast-path")]
public sealed class InconsistentFastPathLoss : ILoss
{
    public Tensor Compute(LossInput input) => input.TargetsAreOneHot
        ? nn.functional.cross_entropy(input.Logits, input.Labels, label_smoothing: 0.1)
        : -(input.TargetProbs * nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
}

/// <summary>Reads the labels only, and does not say so.</summary>
[Plugin("labels-only")]
public sealed class LabelsOnlyLoss : ILoss
{
    public Tensor Compute(LossInput input) => nn.functional.cross_entropy(input.Logits, input.Labels);
}

/// <summary>Reads the labels only, and declares it: the host never pairs it with mixed targets.</summary>
[Plugin("declared-labels-only")]
public sealed class DeclaredLabelsOnlyLoss : ILoss, IDeclaresLossTraits
{
    public static LossTraits Traits { get; } = new() { HardLabelsOnly = true };

    public Tensor Compute(LossInput input) => nn.functional.cross_entropy(input.Logits, input.Labels);
}

/// <summary>Returns one value per example instead of their mean.</summary>
[Plugin("per-example")]
public sealed class PerExampleLoss : ILoss
{
    public Tensor Compute(LossInput input) => -(input.TargetProbs * nn.functional.log_softmax(input.Logits, 1)).sum(1);
}
