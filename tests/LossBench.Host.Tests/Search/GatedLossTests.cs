using LossBench.Host.Search;
using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Host.Tests.Search;

/// <summary>The gate on hand-made batches: which predictions are right is set by the logits, so the accuracy is known.</summary>
public sealed class GatedLossTests
{
    /// <summary>A stand-in loss: its value does not matter to the gate.</summary>
    private sealed class SumLoss : ILoss
    {
        public Tensor Compute(LossInput input) => input.Logits.sum();
    }

    /// <summary>A batch of 4 whose first <paramref name="right"/> predictions (argmax) match the label 0.</summary>
    private static void Step(GatedLoss loss, int epoch, int right)
    {
        using var scope = torch.NewDisposeScope();
        var rows = Enumerable.Range(0, 4).SelectMany(i => i < right ? new[] { 1.0, 0.0 } : [0.0, 1.0]).ToArray();
        var logits = torch.tensor(rows, [4, 2]);
        var labels = torch.zeros([4], ScalarType.Int64);
        var targets = torch.nn.functional.one_hot(labels, 2).to(ScalarType.Float64);
        loss.Compute(new LossInput(logits, labels, targets, null, new TrainingProgress(epoch, 3, 0, 6)));
    }

    /// <summary>Epoch 0: batches with 1 and 2 of 4 right, so its training accuracy is 3/8 = 0.375; then the first step of epoch 1.</summary>
    private static void FirstEpochThenNext(GatedLoss loss)
    {
        Step(loss, 0, right: 1);
        Step(loss, 0, right: 2);
        Step(loss, 1, right: 4);
    }

    [Fact]
    public void A_run_below_the_threshold_stops_at_the_gate_and_one_above_goes_on()
    {
        var below = new GatedLoss(new SumLoss(), gate: 0.4, gateEpochs: 1);
        var closed = Assert.Throws<GateClosedException>(() => FirstEpochThenNext(below));
        Assert.Equal(0.375, closed.Accuracy);
        Assert.Equal(0.375, below.Accuracy);

        var above = new GatedLoss(new SumLoss(), gate: 0.3, gateEpochs: 1);
        FirstEpochThenNext(above);
        Assert.Equal(0.375, above.Accuracy);
    }

    [Fact]
    public void With_a_relative_gate_the_threshold_is_the_fraction_of_the_references_accuracy()
    {
        // cross-entropy measured 0.7 at the gate epoch: half of it is 0.35, which 0.375 passes; 0.6 of it is 0.42, which stops it.
        Assert.Equal(0.35, GateRule.Relative(0.5).Threshold(0.7)!.Value, 12);
        FirstEpochThenNext(new GatedLoss(new SumLoss(), GateRule.Relative(0.5).Threshold(0.7), gateEpochs: 1));
        Assert.Throws<GateClosedException>(() => FirstEpochThenNext(new GatedLoss(new SumLoss(), GateRule.Relative(0.6).Threshold(0.7), gateEpochs: 1)));
        Assert.Equal(0.3, GateRule.Absolute(0.3).Threshold(0.7));
        Assert.Null(GateRule.None.Threshold(0.7));
        var missing = Assert.Throws<InvalidOperationException>(() => GateRule.Relative(0.5).Threshold(null));
        Assert.Contains("cross-entropy's training accuracy", missing.Message);
    }

    [Fact]
    public void Without_a_gate_it_only_measures()
    {
        var measuring = new GatedLoss(new SumLoss(), gate: null, gateEpochs: 1);
        Assert.Null(measuring.Accuracy);
        FirstEpochThenNext(measuring);
        Assert.Equal(0.375, measuring.Accuracy);
    }
}
