namespace LossBench.Plugins.Attacks.Noise;

/// <summary>Random perturbations of a given size, the control that every attack of that size should beat.</summary>
public enum NoiseKind
{
    /// <summary>Each pixel and channel independently uniform in [-eps, eps]: random noise filling the L-infinity ball.</summary>
    Uniform,

    /// <summary>Each pixel and channel independently +eps or -eps with probability 1/2: a random corner of the L-infinity ball.</summary>
    Sign,

    /// <summary>An isotropic Gaussian direction scaled to L2 norm eps: a random point on the L2 sphere.</summary>
    Gaussian,
}
