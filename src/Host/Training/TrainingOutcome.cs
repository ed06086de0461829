using LossBench.Host.Results;

namespace LossBench.Host.Training;

/// <summary>What training a cell gave: the per-epoch record and, when the loss became NaN or infinite, the step.</summary>
public sealed record TrainingOutcome(IReadOnlyList<EpochRecord> Epochs, long Steps, double Seconds, long? DivergedAtStep)
{
    public bool Diverged => DivergedAtStep is not null;

    /// <summary>Where training stopped under <c>training.until</c>; null without it (or when it diverged first).</summary>
    public UntilRecord? Until { get; init; }
}
