namespace LossBench.Plugins.Losses;

/// <summary>
/// How a per-class loss term becomes one number per sample, before the mean over the batch. The
/// choice scales the gradient by the class count (sum = C x mean), which under SGD is a learning rate
/// C times larger, so it matters when a formula moves between data sets with different class counts.
/// </summary>
public enum ClassReduction
{
    /// <summary>Average over the classes (Baikal's published form).</summary>
    Mean,

    /// <summary>Sum over the classes (cross-entropy's form: -sum_c y_c log p_c).</summary>
    Sum,
}
