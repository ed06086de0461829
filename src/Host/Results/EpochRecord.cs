namespace LossBench.Host.Results;

/// <summary>One epoch: mean training loss and accuracy over its batches (as trained, augmentations applied), and clean accuracy after it on the held-out split (the test split for a cell; null when training measured none).</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? TestAccuracy, double Seconds);
