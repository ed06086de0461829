namespace LossBench.Host.Config;

/// <summary>How <c>training.until</c> measures the training accuracy after each epoch.</summary>
public enum UntilMeasure
{
    /// <summary>
    /// The running accuracy over the epoch's batches (as trained on: augmented, in train mode, each
    /// batch by the weights before its step): free, since training counts it anyway (it is the
    /// recorded <c>train.accuracy</c>), and it lags the weights at the epoch's end.
    /// </summary>
    Running,

    /// <summary>
    /// A pass over the whole training split after the epoch, in eval mode and without augmentation:
    /// the exact accuracy of the weights that are kept, for about a third of an epoch's compute.
    /// </summary>
    Pass,
}
