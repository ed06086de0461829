namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// The attack whose perturbed images <see cref="DetectEvaluation"/> tries to tell from natural ones.
/// New attacks are added here and in <see cref="DetectEvaluation"/>'s attack switch.
/// </summary>
public enum DetectAttack
{
    /// <summary>DeepFool with the evaluation's DeepFool options: minimal perturbations, just across the boundary.</summary>
    Deepfool,

    /// <summary>PGD (Gradient/Pgd) with the evaluation's `epsilon`, `pgd-norm` and `pgd-steps`: perturbations that go as deep as the budget allows.</summary>
    Pgd,
}
