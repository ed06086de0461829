using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace LossBench.Host.Reports;

/// <summary>
/// The few statistics reports use: mean, sample standard deviation, the Student-t interval of a mean,
/// the paired t-test, Holm's step-down adjustment, the minimum detectable difference, McNemar's exact test and
/// the paired hierarchical bootstrap of a difference of accuracies (docs/statistics.md).
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

    /// <summary>The number of replicates of the paired hierarchical bootstrap in a report.</summary>
    public const int BootstrapReplicates = 2000;

    /// <summary>The fixed seed of the bootstrap's generator (Xoshiro256**): the same outcomes give the same interval to the bit.</summary>
    public const int BootstrapSeed = 20210411;

    /// <summary>
    /// McNemar's exact two-sided test from the discordant counts: <paramref name="b"/> examples the
    /// baseline got right and the other wrong, <paramref name="c"/> the reverse. Under the null each
    /// discordant example goes either way with probability 1/2, so p = min(1, 2 P(X &lt;= min(b, c)))
    /// with X ~ Binomial(b + c, 1/2); p = 1 when there is no discordant example.
    /// </summary>
    public static double McNemarExactP(int b, int c)
    {
        if (b < 0 || c < 0) throw new ArgumentOutOfRangeException(b < 0 ? nameof(b) : nameof(c), "discordant counts are not negative");
        var n = b + c;
        if (n == 0) return 1;
        return Math.Min(1, 2 * Binomial.CDF(0.5, n, Math.Min(b, c)));
    }

    /// <summary>McNemar's exact p of two aligned outcome vectors of the same examples (see <see cref="McNemarExactP(int, int)"/>).</summary>
    public static double McNemarExactP(IReadOnlyList<bool> other, IReadOnlyList<bool> baseline)
    {
        if (other.Count != baseline.Count) throw new ArgumentException("the outcomes of both losses must be of the same examples");
        int b = 0, c = 0;
        for (var i = 0; i < other.Count; i++)
        {
            if (baseline[i] && !other[i]) b++;
            else if (!baseline[i] && other[i]) c++;
        }
        return McNemarExactP(b, c);
    }

    /// <summary>
    /// The paired hierarchical bootstrap of the difference of accuracies (other - baseline), after
    /// Bouthillier et al. (2021): <paramref name="seeds"/> holds, per seed, both losses' per-example
    /// correctness on the same examples in the same order. Each of <paramref name="replicates"/>
    /// replicates draws S seeds with replacement, then for each drawn seed its n examples with
    /// replacement (the same indices for both losses), and takes the mean over drawn seeds of
    /// (acc_other - acc_baseline). The example level is sampled exactly from the distribution of the
    /// resampled sum (<see cref="ResampledSumDistribution"/>) rather than index by index. Returns the
    /// observed mean difference, the percentile 95% interval (nearest rank: the ceil(0.025 B)-th and
    /// ceil(0.975 B)-th of the sorted replicates), the two-sided p = min(1, 2 min(#(r &lt;= 0), #(r &gt;= 0)) / B)
    /// and the replicates' standard deviation (the bootstrap standard error). Deterministic:
    /// Xoshiro256** seeded with <paramref name="seed"/>, one draw for the seed, then one for its sum.
    /// </summary>
    public static BootstrapResult PairedHierarchicalBootstrap(IReadOnlyList<(IReadOnlyList<bool> Other, IReadOnlyList<bool> Baseline)> seeds,
        int replicates = BootstrapReplicates, int seed = BootstrapSeed)
    {
        if (seeds.Count == 0) throw new ArgumentException("at least one seed is needed", nameof(seeds));
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), "at least one replicate is needed");
        var sums = new ResampledSumDistribution[seeds.Count];
        var observed = new double[seeds.Count];
        for (var s = 0; s < seeds.Count; s++)
        {
            var (other, baseline) = seeds[s];
            if (other.Count != baseline.Count) throw new ArgumentException($"seed {s}: the outcomes of both losses must be of the same examples", nameof(seeds));
            if (other.Count == 0) throw new ArgumentException($"seed {s}: no examples", nameof(seeds));
            // +1 where only the other is right, -1 where only the baseline is: the rest adds nothing.
            int plus = 0, minus = 0;
            for (var i = 0; i < other.Count; i++)
            {
                if (other[i] && !baseline[i]) plus++;
                else if (baseline[i] && !other[i]) minus++;
            }
            sums[s] = new ResampledSumDistribution(other.Count, plus, minus);
            observed[s] = (double)(plus - minus) / other.Count;
        }

        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var values = new double[replicates];
        int atMostZero = 0, atLeastZero = 0;
        for (var r = 0; r < replicates; r++)
        {
            var total = 0.0;
            for (var k = 0; k < sums.Length; k++)
            {
                var drawn = sums[random.Next(sums.Length)];
                total += (double)drawn.Sample(random.NextDouble()) / drawn.Examples;
            }
            var value = total / sums.Length;
            values[r] = value;
            if (value <= 0) atMostZero++;
            if (value >= 0) atLeastZero++;
        }
        var standardError = SampleStd(values) ?? 0;
        Array.Sort(values);
        return new BootstrapResult(Mean(observed), NearestRank(values, Alpha / 2), NearestRank(values, 1 - Alpha / 2),
            Math.Min(1, 2.0 * Math.Min(atMostZero, atLeastZero) / replicates), replicates, standardError);
    }

    /// <summary>
    /// The smallest true difference a two-sided test at level alpha detects with probability power when
    /// its estimate has standard error <paramref name="standardError"/>: (z_{1-alpha/2} + z_{power}) * se,
    /// the normal approximation (used for the bootstrap, whose standard error already holds both sources of variance).
    /// </summary>
    public static double MinimumDetectableDifferenceFromStandardError(double standardError, double alpha = Alpha, double power = Power) =>
        (Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power)) * standardError;

    /// <summary>The nearest-rank q-quantile of sorted values: the ceil(q n)-th smallest (at least the first; the 1e-9 keeps 0.025 * 2000 at 50 whatever its last bit).</summary>
    private static double NearestRank(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length - 1e-9) - 1, 0, sorted.Length - 1)];
}

/// <summary>The paired hierarchical bootstrap of a difference of accuracies: observed mean, percentile 95% interval, two-sided p, and the replicates' sd (its standard error).</summary>
public sealed record BootstrapResult(double Mean, double Low, double High, double P, int Replicates, double StandardError);
