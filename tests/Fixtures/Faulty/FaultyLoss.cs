using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace Fixture.Faulty;

/// <summary>
/// Cross-entropy that throws at a chosen step, becomes NaN from a chosen step on, or breaks the
/// loss contract on request (returns per-example values, or a value detached from the logits), or
/// throws from its traits, which the host reads when it plans a run, outside any cell.
/// </summary>
[Plugin("faulty", Summary = "test fixture: cross-entropy that throws, turns NaN or breaks the loss contract on request")]
public sealed class FaultyLoss(FaultyOptions options) : ILoss, IDeclaresLossTraits<FaultyOptions>
{
    public static LossTraits TraitsOf(FaultyOptions options) =>
        options.ThrowInTraits ? throw new InvalidOperationException("faulty loss asked to fail in TraitsOf") : LossTraits.Default;

    public Tensor Compute(LossInput input)
    {
        if (options.ThrowAtStep is { } throwAt && input.Progress.Step >= throwAt)
            throw new InvalidOperationException($"faulty loss asked to fail at step {throwAt}");
        var perExample = -(input.TargetProbs * torch.nn.functional.log_softmax(input.Logits, 1)).sum(1);
        if (options.Break == FaultyBreak.PerExample) return perExample;
        var loss = perExample.mean();
        if (options.Break == FaultyBreak.Detached) return loss.detach();
        return options.NanAtStep is { } nanAt && input.Progress.Step >= nanAt ? loss * double.NaN : loss;
    }
}
