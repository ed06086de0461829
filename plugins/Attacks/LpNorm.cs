namespace LossBench.Plugins.Attacks;

/// <summary>The norm that measures a perturbation's size: an attack's threat model.</summary>
public enum LpNorm
{
    /// <summary>max_i |delta_i|: every pixel may move by up to epsilon.</summary>
    Linf,

    /// <summary>sqrt(sum_i delta_i^2) over all pixels and channels of an image.</summary>
    L2,
}
