using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing.Tests;

// Plugins of the other kinds that keep or break one clause of their contract each.

public sealed record GammaOptions
{
    [Range(0.0, 10.0)]
    public double Gamma { get; init; } = 2;

    public string Mode { get; init; } = "mean";
}

/// <summary>A default outside its own range: discovery refuses it.</summary>
public sealed record BrokenDefaultOptions
{
    [Range(0.0, 10.0)]
    public double Gamma { get; init; } = 12;
}

[Plugin("broken-default")]
public sealed class BrokenDefaultLoss(BrokenDefaultOptions options) : StubLoss(options.Gamma);

[Plugin("Not_Kebab")]
public sealed class BadNameLoss() : StubLoss(0);

[Plugin("two-constructors")]
public sealed class TwoConstructorsLoss : StubLoss
{
    public TwoConstructorsLoss() : base(0) { }
    public TwoConstructorsLoss(GammaOptions options) : base(options.Gamma) { }
}

public sealed class NoAttributeLoss() : StubLoss(0);

/// <summary>A loss body shared by the discovery fixtures (only their declarations matter).</summary>
public abstract class StubLoss(double scale) : Sdk.Losses.ILoss
{
    public Tensor Compute(Sdk.Losses.LossInput input) => nn.functional.cross_entropy(input.Logits, input.Labels) * (1 + scale);
}

/// <summary>Horizontal flip of a random half of the images: keeps the contract.</summary>
[Plugin("good-flip")]
public sealed class GoodFlip : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        var flip = rand([batch.Images.shape[0], 1, 1, 1], generator).lt(0.5);
        return batch with { Images = where(flip, batch.Images.flip(3), batch.Images) };
    }
}

/// <summary>Adds noise without clamping: images leave [0, 1].</summary>
[Plugin("unclamped-noise")]
public sealed class UnclampedNoise : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator) => batch with { Images = batch.Images + randn_like(batch.Images, generator) * 0.5 };
}

/// <summary>Draws from the global generator instead of the one it receives.</summary>
[Plugin("global-random")]
public sealed class GlobalRandom : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator) => batch with { Images = (batch.Images * rand([batch.Images.shape[0], 1, 1, 1])).clamp(0, 1) };
}

/// <summary>Keeps every batch it made, detached from the caller's dispose scope.</summary>
[Plugin("hoarding")]
public sealed class Hoarding : IAugmentation
{
    private readonly List<Tensor> _kept = [];

    public Batch Apply(Batch batch, Generator generator)
    {
        var copy = batch.Images.clone().DetachFromDisposeScope();
        _kept.Add(copy);
        return batch;
    }
}

/// <summary>Mixes targets without declaring MixesTargets.</summary>
[Plugin("undeclared-mixing")]
public sealed class UndeclaredMixing : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator) =>
        batch with { TargetProbs = batch.TargetProbs * 0.5 + batch.TargetProbs.flip(0) * 0.5 };
}

/// <summary>Accuracy on the test split, declared: keeps the contract.</summary>
[Plugin("good-accuracy")]
public sealed class GoodAccuracy : IEvaluation, IDeclaresMetrics<GammaOptions>
{
    public GoodAccuracy(GammaOptions options) => _ = options;

    public static IReadOnlyList<string> MetricsOf(GammaOptions options) => ["accuracy"];

    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var test = context.Splits.Test;
        var correct = context.Logits(test.Images).argmax(1).eq(test.Labels).sum().item<long>();
        return EvaluationResult.Of(new Dictionary<string, double> { ["accuracy"] = correct / (double)test.Count });
    }
}

/// <summary>Reports what it is given: a metric name and value from the test.</summary>
public sealed class FixedMetric(string name, double value) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context) => EvaluationResult.Of(new Dictionary<string, double> { [name] = value });
}

/// <summary>A linear model initialised from the global generator: keeps the contract.</summary>
[Plugin("good-linear")]
public sealed class GoodLinear : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape) =>
        nn.Sequential(nn.Flatten(), nn.Linear(shape.Channels * shape.Height * shape.Width, shape.Classes));
}

/// <summary>Initialises from a fixed generator of its own: every seed gives the same weights.</summary>
[Plugin("fixed-init")]
public sealed class FixedInit : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape)
    {
        using var generator = new Generator(42);
        return nn.Sequential(nn.Flatten(), nn.Linear(shape.Channels * shape.Height * shape.Width, shape.Classes, generator: generator));
    }
}
