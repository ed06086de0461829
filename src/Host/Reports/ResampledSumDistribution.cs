namespace LossBench.Host.Reports;

/// <summary>
/// The exact distribution of one seed's resampled sum in the paired bootstrap: draw n of the seed's
/// n per-example differences d_i in {-1, 0, +1} with replacement and add them up. Only how many draws
/// land on a +1 (N+) and on a -1 (N-) matters, and (N+, N-, n - N+ - N-) is multinomial with the
/// observed shares, so the sum D = N+ - N- has a distribution that can be written down instead of
/// being simulated draw by draw: with M = N+ + N- ~ Binomial(n, q), q = (n+ + n-) / n, and
/// N+ | M = m ~ Binomial(m, pi), pi = n+ / (n+ + n-),
///
///     P(D = d) = sum_m P(M = m) P(N+ = (m + d) / 2 | M = m).
///
/// Sampling D from it by inversion is the same bootstrap as drawing the n indices one by one (same
/// distribution, not the same random stream) at O(log n) a draw instead of O(n). Terms whose
/// probability is below e^-30 of the largest one are left out (their total is below 1e-12).
/// Written here because no library served on this machine samples this convolution.
/// </summary>
public sealed class ResampledSumDistribution
{
    /// <summary>How far below the largest log-probability a term may be and still be added.</summary>
    private const double LogCutoff = 30;

    private readonly int _lowest;
    private readonly double[] _cumulative;

    /// <param name="examples">n, the seed's number of examples (at least 1).</param>
    /// <param name="plus">n+, the examples only the other loss got right.</param>
    /// <param name="minus">n-, the examples only the baseline got right.</param>
    public ResampledSumDistribution(int examples, int plus, int minus)
    {
        if (examples < 1) throw new ArgumentOutOfRangeException(nameof(examples), "at least one example is needed");
        if (plus < 0 || minus < 0 || plus + minus > examples)
            throw new ArgumentOutOfRangeException(nameof(plus), $"discordant counts {plus} and {minus} do not fit {examples} examples");
        Examples = examples;
        var discordant = plus + minus;
        var logFactorial = LogFactorials(examples);
        // 1 / j for j = 1..n: the recurrences below multiply instead of dividing (a chain of divisions is their cost).
        var reciprocal = new double[examples + 2];
        for (var j = 1; j < reciprocal.Length; j++) reciprocal[j] = 1.0 / j;
        var q = (double)discordant / examples;
        var pi = discordant == 0 ? 0 : (double)plus / discordant;

        var probability = new double[2 * examples + 1]; // index d + n
        var discordantCounts = new double[examples + 1];
        var plusCounts = new double[examples + 1];
        var (mFirst, mLast) = Binomial(examples, q, logFactorial, reciprocal, discordantCounts);
        for (var m = mFirst; m <= mLast; m++)
        {
            var (kFirst, kLast) = Binomial(m, pi, logFactorial, reciprocal, plusCounts);
            for (var k = kFirst; k <= kLast; k++)
                probability[2 * k - m + examples] += discordantCounts[m] * plusCounts[k];
        }

        var first = Array.FindIndex(probability, p => p > 0);
        var last = Array.FindLastIndex(probability, p => p > 0);
        _lowest = first - examples;
        _cumulative = new double[last - first + 1];
        var total = 0.0;
        for (var i = 0; i < _cumulative.Length; i++) _cumulative[i] = total += probability[first + i];
        for (var i = 0; i < _cumulative.Length; i++) _cumulative[i] /= total;
        _cumulative[^1] = 1; // no draw can fall past the end through rounding
    }

    public int Examples { get; }

    /// <summary>P(D = <paramref name="sum"/>), after the cutoff and renormalisation.</summary>
    public double Probability(int sum)
    {
        var i = sum - _lowest;
        if (i < 0 || i >= _cumulative.Length) return 0;
        return _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);
    }

    /// <summary>The sum whose cumulative probability first reaches <paramref name="uniform"/> in [0, 1): inversion sampling.</summary>
    public int Sample(double uniform)
    {
        var i = Array.BinarySearch(_cumulative, uniform);
        if (i < 0) i = ~i;
        // A uniform equal to a cumulative value belongs to the next sum (P(U < F(d)) = F(d)).
        else while (i < _cumulative.Length - 1 && _cumulative[i] <= uniform) i++;
        return _lowest + Math.Min(i, _cumulative.Length - 1);
    }

    /// <summary>ln k! for k = 0..n, by summing logs (exact to about 1e-13 relative for the n of a test split).</summary>
    private static double[] LogFactorials(int n)
    {
        var table = new double[n + 1];
        for (var k = 2; k <= n; k++) table[k] = table[k - 1] + Math.Log(k);
        return table;
    }

    /// <summary>
    /// The pmf of Binomial(n, p) into <paramref name="pmf"/>[first..last]: the mode's value from the
    /// log-factorials, then outwards by the ratio pmf(k + 1) / pmf(k) = (n - k) / (k + 1) * p / (1 - p)
    /// until a term falls e^-<see cref="LogCutoff"/> below the mode's (the pmf is unimodal, so nothing
    /// larger lies beyond). Returns the range written.
    /// </summary>
    private static (int First, int Last) Binomial(int n, double p, double[] logFactorial, double[] reciprocal, double[] pmf)
    {
        if (p <= 0) { pmf[0] = 1; return (0, 0); }
        if (p >= 1) { pmf[n] = 1; return (n, n); }
        var mode = Math.Clamp((int)Math.Floor((n + 1) * p), 0, n);
        var peak = Math.Exp(logFactorial[n] - logFactorial[mode] - logFactorial[n - mode] + mode * Math.Log(p) + (n - mode) * Math.Log(1 - p));
        var floor = peak * Math.Exp(-LogCutoff);
        var odds = p / (1 - p);
        var inverseOdds = (1 - p) / p;
        pmf[mode] = peak;
        var first = mode;
        for (var k = mode; k > 0; k--)
        {
            var next = pmf[k] * k * reciprocal[n - k + 1] * inverseOdds;
            if (next < floor) break;
            pmf[k - 1] = next;
            first = k - 1;
        }
        var last = mode;
        for (var k = mode; k < n; k++)
        {
            var next = pmf[k] * (n - k) * reciprocal[k + 1] * odds;
            if (next < floor) break;
            pmf[k + 1] = next;
            last = k + 1;
        }
        return (first, last);
    }
}
