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

/// <summary>Loads (discovery constructs nothing); fails only when a benchmark cell builds it.</summary>
[Plugin("fixture-throws", Summary = "test fixture: its constructor throws")]
public sealed class ThrowingLoss : ILoss
{
    public ThrowingLoss() => throw new InvalidOperationException("fixture constructor refuses");
    public Tensor Compute(LossInput input) => input.Logits;
}

[Plugin("fixture-bad-default")]
public sealed class BadDefaultLoss(BadDefaultOptions options) : ILoss
{
    public BadDefaultOptions Options { get; } = options;
    public LossTraits Traits => LossTraits.Default;
    public Tensor Compute(LossInput input) => input.Logits.sum() * Options.Gamma;
}

/// <summary>Its default breaks its own [Range]: only a benchmark that sets gamma could use it, so it is refused.</summary>
public sealed record BadDefaultOptions
{
    [System.ComponentModel.DataAnnotations.Range(0.0, 10.0)]
    public double Gamma { get; init; } = 12;
}

/// <summary>Asks for a service the tool does not register.</summary>
[Plugin("fixture-needs-service")]
public sealed class NeedsServiceLoss(IComparer<int> comparer) : ILoss
{
    public IComparer<int> Comparer { get; } = comparer;
    public LossTraits Traits => LossTraits.Default;
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
