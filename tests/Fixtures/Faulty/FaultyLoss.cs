using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace Fixture.Faulty;

/// <summary>Cross-entropy that throws at a chosen step, or becomes NaN from a chosen step on.</summary>
[Plugin("faulty", Summary = "test fixture: cross-entropy that throws or turns NaN on request")]
public sealed class FaultyLoss(FaultyOptions options) : ILoss
{

    public Tensor Compute(LossInput input)
    {
        if (options.ThrowAtStep is { } throwAt && input.Progress.Step >= throwAt)
            throw new InvalidOperationException($"faulty loss asked to fail at step {throwAt}");
        var loss = -(input.TargetProbs * torch.nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
        return options.NanAtStep is { } nanAt && input.Progress.Step >= nanAt ? loss * double.NaN : loss;
    }
}
