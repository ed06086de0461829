using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

// Several plugins in one file on purpose: this assembly exists to be broken in every way at once.
namespace Fixture.Broken;

[Plugin("fixture-good", Summary = "test fixture: loads")]
public sealed class GoodLoss(GoodOptions options) : ILoss
{
    public GoodOptions Options { get; } = options;
    public Tensor Compute(LossInput input) => input.Logits.sum() * Options.Weight;
}

public sealed record GoodOptions
{
    [System.ComponentModel.DataAnnotations.Range(0.0, 10.0)]
    public double Weight { get; init; } = 1;
}

[Plugin("fixture-no-kind")]
public sealed class NoKind;

[Plugin("fixture-throws")]
public sealed class ThrowingLoss : ILoss
{
    public ThrowingLoss() => throw new InvalidOperationException("fixture constructor refuses");
    public Tensor Compute(LossInput input) => input.Logits;
}

[Plugin("fixture-two-kinds")]
public sealed class TwoKinds : ILoss, IAugmentation
{
    public Tensor Compute(LossInput input) => input.Logits;
    public Batch Apply(Batch batch, Generator generator) => batch;
}

[Plugin("Fixture_Bad_Name")]
public sealed class BadName : ILoss
{
    public Tensor Compute(LossInput input) => input.Logits;
}

[Plugin("fixture-bad-options")]
public sealed class BadOptions(BadOptionsRecord options) : ILoss
{
    public BadOptionsRecord Options { get; } = options;
    public Tensor Compute(LossInput input) => input.Logits;
}

/// <summary>No parameterless constructor: cannot be an options type.</summary>
public sealed record BadOptionsRecord(double Gamma);
