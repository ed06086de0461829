namespace LossBench.Host.Results;

/// <summary>One epoch: mean training loss and accuracy over its batches (as trained, augmentations applied), and clean test accuracy after it.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds);
