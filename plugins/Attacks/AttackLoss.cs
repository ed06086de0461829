namespace LossBench.Plugins.Attacks;

/// <summary>
/// The objective an attacker maximises. It is a setting of the attack, not the loss the model was
/// trained with: a model trained with focal loss is attacked with whichever of these the
/// evaluation names, and the results record it (the accuracy curve's y-axis name says which).
/// </summary>
public enum AttackLoss
{
    /// <summary>-log softmax(z)_y, the cross-entropy at the true label.</summary>
    CrossEntropy,

    /// <summary>
    /// Carlini-Wagner's margin max_{j != y} z_j - z_y: positive exactly when the example is
    /// misclassified. Unlike cross-entropy it does not saturate when softmax is confident, so its
    /// gradient survives on very confident (or overconfident-by-training) models.
    /// </summary>
    Margin,
}
