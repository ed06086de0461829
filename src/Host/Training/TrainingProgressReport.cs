namespace LossBench.Host.Training;

/// <summary>Where a cell's training stands, for progress displays.</summary>
public sealed record TrainingProgressReport(int Epoch, int Epochs, long Step, long TotalSteps, double LastLoss);
