namespace LossBench.Host.Results;

/// <summary>How a cell trained under <c>training.until</c>: the target, whether it was reached, and the epoch training stopped at.</summary>
/// <param name="TrainAccuracy">The target training accuracy.</param>
/// <param name="Measure">How it was measured: running (over the epoch's batches) or pass (over the training split after the epoch).</param>
/// <param name="Reached">Whether an epoch reached it; false when training ran to the cap without it.</param>
/// <param name="StoppedAtEpoch">The last epoch trained (1-based): the first that reached the target, or the cap.</param>
/// <param name="Cap">training.epochs, the most epochs a cell may train.</param>
/// <param name="Accuracy">The training accuracy measured after <paramref name="StoppedAtEpoch"/>.</param>
public sealed record UntilRecord(double TrainAccuracy, string Measure, bool Reached, int StoppedAtEpoch, int Cap, double Accuracy)
{
    /// <summary>Why a cell that missed its target is left out of the tables.</summary>
    public string MissedMessage() => FormattableString.Invariant(
        $"training.until: the training accuracy ({Measure}) did not reach {TrainAccuracy} within the cap of {Cap} epochs ({Accuracy:0.0000} after epoch {StoppedAtEpoch}); its evaluations are recorded, and tables leave it out");
}
