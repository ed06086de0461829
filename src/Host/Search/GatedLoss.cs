using LossBench.Sdk.Losses;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Host.Search;

/// <summary>
/// Wraps a candidate loss for the surrogate run and implements the early rejection: it counts the
/// training predictions it sees (argmax of the logits against the batch's labels, as the trainer
/// does) and, at the first step after <paramref name="gateEpochs"/> epochs, throws
/// <see cref="GateClosedException"/> when the last epoch's training accuracy is below
/// <paramref name="gate"/>. Riding on the loss keeps the host's trainer unchanged.
/// </summary>
public sealed class GatedLoss(ILoss inner, double gate, int gateEpochs) : ILoss
{
    private long _correct;
    private long _seen;
    private int _epoch;


    public Tensor Compute(LossInput input)
    {
        if (input.Progress.Epoch != _epoch)
        {
            if (input.Progress.Epoch == gateEpochs && _seen > 0 && (double)_correct / _seen < gate)
                throw new GateClosedException((double)_correct / _seen, gate, gateEpochs);
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
