namespace LossBench.Plugins.Attacks;

/// <summary>Curves over budgets.</summary>
internal static class Curves
{
    /// <summary>
    /// The points (epsilon, value) sorted by epsilon, starting with (0, <paramref name="atZero"/>)
    /// unless the list holds 0 itself.
    /// </summary>
    public static (double[] X, double[] Y) FromZero(IReadOnlyList<double> epsilons, IReadOnlyList<double> values, double atZero)
    {
        var points = epsilons.Zip(values).ToList();
        if (!epsilons.Contains(0.0)) points.Add((0.0, atZero));
        var sorted = points.OrderBy(p => p.First).ToArray();
        return (sorted.Select(p => p.First).ToArray(), sorted.Select(p => p.Second).ToArray());
    }
}
