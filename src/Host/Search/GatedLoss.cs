using LossBench.Sdk.Losses;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Host.Search;

/// <summary>
/// Wraps a loss for the surrogate run and implements the early rejection: it counts the training
/// predictions it sees (argmax of the logits against the batch's labels, as the trainer does) and, at
/// the first step after <paramref name="gateEpochs"/> epochs, records the last epoch's training
/// accuracy (<see cref="Accuracy"/>) and throws <see cref="GateClosedException"/> when it is below
/// <paramref name="gate"/>. With no gate (null) it only measures: that is how a reference's accuracy
/// for a relative gate is taken, in the very run that gives its fitness. Riding on the loss keeps the
/// host's trainer unchanged; the counting reads no random numbers, so a wrapped run trains exactly as
/// the bare loss would.
/// </summary>
public sealed class GatedLoss(ILoss inner, double? gate, int gateEpochs) : ILoss
{
    private long _correct;
    private long _seen;
    private int _epoch;

    /// <summary>Training accuracy over epoch <c>gateEpochs</c> (1-based), once a step after it has run; else null.</summary>
    public double? Accuracy { get; private set; }

    public Tensor Compute(LossInput input)
    {
        if (input.Progress.Epoch != _epoch)
        {
            if (input.Progress.Epoch == gateEpochs && _seen > 0)
            {
                Accuracy = (double)_correct / _seen;
                if (Accuracy < gate) throw new GateClosedException(Accuracy.Value, gate.Value, gateEpochs);
            }
            _epoch = input.Progress.Epoch;
            _correct = 0;
            _seen = 0;
        }
        // Past the gate nothing is counted: no read-back of the predictions on later steps.
        if (_epoch >= gateEpochs) return inner.Compute(input);
        using (no_grad())
        {
            using var predictions = input.Logits.argmax(1);
            using var hits = predictions.eq(input.Labels);
            using var sum = hits.sum();
            _correct += sum.item<long>();
        }
        _seen += input.Labels.shape[0];
        return inner.Compute(input);
    }
}
