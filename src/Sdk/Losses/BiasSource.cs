namespace LossBench.Sdk.Losses;

/// <summary>Where the host gets the bias-model probabilities b of a debiasing loss.</summary>
public enum BiasSource
{
    /// <summary>The cell's model trained briefly on a small random subset of the training split (self-debiasing).</summary>
    Shallow,
    /// <summary>The data set's declared bias attribute: b = the training-set frequency of each label given the attribute.</summary>
    Known,
}
