using LossBench.Host.Reports;

namespace LossBench.Host.Tests.Reports;

/// <summary>
/// The bootstrap's exact example level: the distribution of the sum of n draws with replacement
/// from n per-example differences, checked against enumerating every one of the n^n resamples.
/// </summary>
public sealed class ResampledSumDistributionTests
{
    /// <summary>P(sum = d) over all n^n equally likely index sequences, counted one by one.</summary>
    private static Dictionary<int, double> Enumerated(int[] deltas)
    {
        var n = deltas.Length;
        var counts = new Dictionary<int, long>();
        var total = (long)Math.Pow(n, n);
        var index = new int[n];
        for (long sequence = 0; sequence < total; sequence++)
        {
            var rest = sequence;
            var sum = 0;
            for (var k = 0; k < n; k++)
            {
                index[k] = (int)(rest % n);
                rest /= n;
                sum += deltas[index[k]];
            }
            counts[sum] = counts.GetValueOrDefault(sum) + 1;
        }
        return counts.ToDictionary(c => c.Key, c => (double)c.Value / total);
    }

    [Theory]
    [InlineData(new[] { 1, 1, -1, 0, 0 })]
    [InlineData(new[] { 1, -1, -1, 0, 0, 0, 1 })]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1 })] // all discordant one way: the sum is always 6
    [InlineData(new[] { 1, -1, 1, -1, 1, -1 })] // all discordant: only even sums
    [InlineData(new[] { 0, 0, 0, 0 })] // nothing discordant: always 0
    [InlineData(new[] { -1 })]
    public void MatchesEveryResampleEnumerated(int[] deltas)
    {
        var expected = Enumerated(deltas);
        var distribution = new ResampledSumDistribution(deltas.Length, deltas.Count(d => d == 1), deltas.Count(d => d == -1));
        for (var d = -deltas.Length; d <= deltas.Length; d++)
            Assert.Equal(expected.GetValueOrDefault(d), distribution.Probability(d), 12);
    }

    [Fact]
    public void InversionSamplingGivesEachSumItsProbability()
    {
        // u on an even grid of [0, 1): each sum d must get a share F(d) - F(d - 1) of the grid, to within one grid step.
        var distribution = new ResampledSumDistribution(7, 2, 3);
        const int grid = 1_000_000;
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < grid; i++)
        {
            var d = distribution.Sample((i + 0.5) / grid);
            counts[d] = counts.GetValueOrDefault(d) + 1;
        }
        for (var d = -7; d <= 7; d++)
            Assert.Equal(distribution.Probability(d), counts.GetValueOrDefault(d) / (double)grid, 5);
        // A sum of probability 0 is never drawn: with 2 + 3 discordant of 7, |d| <= 7 but every d in range is possible here;
        // with all six discordant, odd sums are impossible.
        var even = new ResampledSumDistribution(6, 3, 3);
        for (var i = 0; i < 10_000; i++) Assert.Equal(0, even.Sample((i + 0.5) / 10_000) % 2);
    }

    [Fact]
    public void ALargeSplitHasTheMultinomialMeanAndVariance()
    {
        // n = 10,000, n+ = 700, n- = 300: E[D] = n (p+ - p-) = 400, Var[D] = n (p+ + p- - (p+ - p-)^2) = 10,000 (0.1 - 0.0016) = 984.
        var distribution = new ResampledSumDistribution(10_000, 700, 300);
        double mean = 0, second = 0;
        for (var d = -10_000; d <= 10_000; d++)
        {
            var p = distribution.Probability(d);
            mean += p * d;
            second += p * d * d;
        }
        Assert.Equal(400, mean, 6);
        Assert.Equal(984, second - mean * mean, 4);
    }

    [Fact]
    public void CountsThatDoNotFitAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResampledSumDistribution(5, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResampledSumDistribution(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResampledSumDistribution(5, -1, 0));
    }
}
