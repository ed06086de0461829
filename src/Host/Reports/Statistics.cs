using MathNet.Numerics.Distributions;

namespace LossBench.Host.Reports;

/// <summary>
/// The few statistics reports use: mean, sample standard deviation, the Student-t interval of a mean,
/// the paired t-test, Holm's step-down adjustment and the minimum detectable difference (docs/statistics.md).
/// </summary>
public static class Statistics
{
    /// <summary>The significance level of every test and interval in a report.</summary>
    public const double Alpha = 0.05;

    /// <summary>The power the minimum detectable difference is computed for.</summary>
    public const double Power = 0.8;

    public static double Mean(IReadOnlyList<double> values) => values.Sum() / values.Count;

    /// <summary>Sample standard deviation (n - 1 in the denominator), or null for fewer than two values.</summary>
    public static double? SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The median (the mean of the middle two for an even count), or null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The two-sided 95% quantile t_{0.975, n-1} (MathNet's Student-t inverse CDF).</summary>
    public static double TQuantile975(int degreesOfFreedom) => TQuantile(0.975, degreesOfFreedom);

    /// <summary>The quantile t_{q, df} of Student's t distribution.</summary>
    public static double TQuantile(double q, int degreesOfFreedom) => StudentT.InvCDF(0, 1, degreesOfFreedom, q);

    /// <summary>mean +- t_{0.975, n-1} * sd / sqrt(n), or null for fewer than two values.</summary>
    public static (double Low, double High)? TInterval95(IReadOnlyList<double> values)
    {
        if (SampleStd(values) is not { } sd) return null;
        var mean = Mean(values);
        var half = TQuantile975(values.Count - 1) * sd / Math.Sqrt(values.Count);
        return (mean - half, mean + half);
    }

    /// <summary>
    /// The two-sided p-value of the paired (one-sample) t-test of mean 0 on the per-seed differences:
    /// t = mean / (sd / sqrt(n)) with n - 1 degrees of freedom, p = 2 P(T_{n-1} &lt;= -|t|); null for fewer
    /// than two differences. Differences that are all equal (sd 0) give p = 0 when they are not 0 (t is
    /// infinite) and p = 1 when they are all 0 (nothing differs). A NaN or infinite difference gives null.
    /// </summary>
    public static double? PairedTTestP(IReadOnlyList<double> differences)
    {
        if (SampleStd(differences) is not { } sd) return null;
        var mean = Mean(differences);
        // A NaN or infinite metric has no test (and must not make Holm's running max NaN for the whole table).
        if (!double.IsFinite(mean) || !double.IsFinite(sd)) return null;
        if (sd == 0) return mean == 0 ? 1 : 0;
        var t = mean / (sd / Math.Sqrt(differences.Count));
        // The lower tail of -|t| rather than 1 - CDF(|t|): no cancellation for tiny p.
        return Math.Min(1, 2 * StudentT.CDF(0, 1, differences.Count - 1, -Math.Abs(t)));
    }

    /// <summary>
    /// Holm's (1979) step-down adjustment of m p-values, returned in the order given: with the p-values
    /// sorted ascending, p_(1) &lt;= ... &lt;= p_(m), the adjusted p_(i) = max over j &lt;= i of min(1, (m - j + 1) p_(j)).
    /// Rejecting where the adjusted p &lt; alpha controls the family-wise error rate at alpha.
    /// </summary>
    public static double[] HolmAdjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        // Stable by index on ties; tied p-values get the same adjusted value either way (the running max).
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The smallest true mean difference a two-sided paired t-test at level <paramref name="alpha"/> detects
    /// with probability <paramref name="power"/> from <paramref name="pairs"/> pairs whose differences have
    /// standard deviation <paramref name="sd"/>: (t_{1-alpha/2, n-1} + t_{power, n-1}) * sd / sqrt(n), the usual
    /// normal-approximation formula with t quantiles in place of normal ones. Null for fewer than two pairs.
    /// </summary>
    public static double? MinimumDetectableDifference(double sd, int pairs, double alpha = Alpha, double power = Power)
    {
        if (pairs < 2) return null;
        return (TQuantile(1 - alpha / 2, pairs - 1) + TQuantile(power, pairs - 1)) * sd / Math.Sqrt(pairs);
    }
}
