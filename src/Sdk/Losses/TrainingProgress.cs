namespace LossBench.Sdk.Losses;

/// <summary>Where training stands, for losses that change over time (annealing, warm-up).</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Epochs">Number of epochs.</param>
/// <param name="Step">0-based optimizer step over the whole run.</param>
/// <param name="TotalSteps">Number of optimizer steps in the whole run.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, long Step, long TotalSteps)
{
    /// <summary>Step / TotalSteps, in [0, 1).</summary>
    public double Fraction => TotalSteps <= 0 ? 0 : (double)Step / TotalSteps;
}
