namespace LossBench.Plugins.Attacks;

/// <summary>
/// Sanity checks of an attack's own result, in the spirit of the checks AutoAttack runs (Croce
/// and Hein 2020): symptoms of gradient masking or of a broken attack, reported as 0/1 (or a
/// fraction) metrics next to the accuracies so that a table can show them.
/// <list type="bullet">
/// <item><c>flag.zero-gradients</c>: the fraction of examples whose input gradient of the attack
/// loss at the clean input is exactly zero everywhere (a gradient attack cannot move them);</item>
/// <item><c>flag.non-monotone</c>: 1 when robust accuracy at a larger epsilon exceeds the accuracy
/// at a smaller one (clean accuracy counting as epsilon 0) by more than the tolerance: a larger
/// ball contains the smaller one, so a working attack can only do better;</item>
/// <item><c>flag.noise-stronger</c>: 1 when random noise of the same norm and size lowers accuracy
/// more than the attack (by more than the tolerance) at some epsilon.</item>
/// </list>
/// </summary>
internal static class AttackFlags
{
    public const string ZeroGradients = "flag.zero-gradients";
    public const string NonMonotone = "flag.non-monotone";
    public const string NoiseStronger = "flag.noise-stronger";

    /// <summary>
    /// True when some accuracy exceeds an accuracy at a smaller epsilon by more than
    /// <paramref name="tolerance"/>. The points may come in any order; equal epsilons are not compared.
    /// </summary>
    public static bool IsNonMonotone(IReadOnlyList<double> epsilons, IReadOnlyList<double> accuracies, double tolerance)
    {
        if (epsilons.Count != accuracies.Count)
            throw new ArgumentException($"{epsilons.Count} epsilons but {accuracies.Count} accuracies");
        for (var i = 0; i < epsilons.Count; i++)
            for (var j = 0; j < epsilons.Count; j++)
                if (epsilons[j] > epsilons[i] && accuracies[j] > accuracies[i] + tolerance)
                    return true;
        return false;
    }

    /// <summary>True when at some epsilon the noise's accuracy is below the attack's by more than <paramref name="tolerance"/>.</summary>
    public static bool IsNoiseStronger(IReadOnlyList<double> attackAccuracies, IReadOnlyList<double> noiseAccuracies, double tolerance)
    {
        if (attackAccuracies.Count != noiseAccuracies.Count)
            throw new ArgumentException($"{attackAccuracies.Count} attack accuracies but {noiseAccuracies.Count} noise accuracies");
        for (var i = 0; i < attackAccuracies.Count; i++)
            if (noiseAccuracies[i] < attackAccuracies[i] - tolerance)
                return true;
        return false;
    }

    public static double Of(bool flag) => flag ? 1.0 : 0.0;
}
