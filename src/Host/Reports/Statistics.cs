using MathNet.Numerics.Distributions;

namespace LossBench.Host.Reports;

/// <summary>The few statistics reports use: mean, sample standard deviation, and the Student-t interval of a mean.</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyList<double> values) => values.Sum() / values.Count;

    /// <summary>Sample standard deviation (n - 1 in the denominator), or null for fewer than two values.</summary>
    public static double? SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The two-sided 95% quantile t_{0.975, n-1} (MathNet's Student-t inverse CDF).</summary>
    public static double TQuantile975(int degreesOfFreedom) => StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);

    /// <summary>mean +- t_{0.975, n-1} * sd / sqrt(n), or null for fewer than two values.</summary>
    public static (double Low, double High)? TInterval95(IReadOnlyList<double> values)
    {
        if (SampleStd(values) is not { } sd) return null;
        var mean = Mean(values);
        var half = TQuantile975(values.Count - 1) * sd / Math.Sqrt(values.Count);
        return (mean - half, mean + half);
    }
}
