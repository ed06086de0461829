using LossBench.Host.Reports;

namespace LossBench.Host.Tests.Reports;

/// <summary>McNemar's exact test and the paired hierarchical bootstrap (docs/statistics.md), on hand-worked cases.</summary>
public sealed class BootstrapStatisticsTests
{
    [Fact]
    public void McNemarOnAHandWorkedTwoByTwoTable()
    {
        // b = 1, c = 6: n = 7, P(X <= 1) = (C(7,0) + C(7,1)) / 2^7 = 8 / 128, p = 2 * 8 / 128 = 0.125.
        Assert.Equal(0.125, Statistics.McNemarExactP(1, 6), 12);
        Assert.Equal(0.125, Statistics.McNemarExactP(6, 1), 12);
        // b = 0, c = 5: 2 * 1 / 32 = 0.0625.
        Assert.Equal(0.0625, Statistics.McNemarExactP(0, 5), 12);
        // b = c = 5: 2 * P(X <= 5 | n = 10) = 2 * 638 / 1024 > 1, capped at 1.
        Assert.Equal(1.0, Statistics.McNemarExactP(5, 5));
        // No discordant example: nothing differs.
        Assert.Equal(1.0, Statistics.McNemarExactP(0, 0));
    }

    [Fact]
    public void McNemarCountsTheDiscordantExamplesOfTwoOutcomeVectors()
    {
        // Baseline right and other wrong once (b = 1), the reverse six times (c = 6), plus concordant examples that do not count.
        bool[] baseline = [true, false, false, false, false, false, false, true, false];
        bool[] other = [false, true, true, true, true, true, true, true, false];
        Assert.Equal(0.125, Statistics.McNemarExactP(other, baseline), 12);
    }

    [Fact]
    public void TwoIdenticalLossesDifferByZeroWithPOne()
    {
        var outcomes = Enumerable.Range(0, 3).Select(s => Pattern(100, i => (i * 7 + s) % 3 != 0)).ToArray();
        var result = Statistics.PairedHierarchicalBootstrap(outcomes.Select(o => ((IReadOnlyList<bool>)o, (IReadOnlyList<bool>)o)).ToArray());
        Assert.Equal(0.0, result.Mean);
        Assert.Equal(0.0, result.Low);
        Assert.Equal(0.0, result.High);
        Assert.Equal(1.0, result.P);
    }

    [Fact]
    public void ThirtyMoreErrorsOutOfTwoHundredOverThreeSeedsIsMinusPointFifteenAndExcludesZero()
    {
        // Per seed: the baseline right on 160 of 200 examples, the other right on 130 of those 160 and nowhere else:
        // 30 discordant examples, all against the other, so every seed's difference is -30 / 200 = -0.15.
        var seeds = Enumerable.Range(0, 3).Select(s =>
        {
            var baseline = Pattern(200, i => (i + 11 * s) % 5 != 0);
            var right = Enumerable.Range(0, 200).Where(i => baseline[i]).ToArray();
            var other = (bool[])baseline.Clone();
            for (var k = 0; k < 30; k++) other[right[5 * k + s]] = false;
            Assert.Equal(30, baseline.Zip(other).Count(p => p.First && !p.Second));
            Assert.Equal(0, baseline.Zip(other).Count(p => !p.First && p.Second));
            return ((IReadOnlyList<bool>)other, (IReadOnlyList<bool>)baseline);
        }).ToArray();
        var result = Statistics.PairedHierarchicalBootstrap(seeds);
        Assert.Equal(-0.15, result.Mean, 12);
        Assert.True(result.High < 0, $"interval [{result.Low}, {result.High}] holds 0");
        // Every example the other differs on goes against it, so no replicate is >= 0.
        Assert.Equal(0.0, result.P);
        // Closed form: seeds are alike, so only the examples vary: each draw is -1 with probability 0.15,
        // var of one seed's mean 0.15 * 0.85 / 200, of the mean over 3 seeds a third of it: sd 0.014577;
        // the normal 95% interval -0.15 -+ 1.96 * 0.014577 = [-0.17857, -0.12143]. The percentile one is close.
        Assert.InRange(result.Low, -0.1836, -0.1736);
        Assert.InRange(result.High, -0.1264, -0.1164);
    }

    [Fact]
    public void SeedsAreResampledNotOnlyExamples()
    {
        // Seed 0: both losses alike (difference 0); seed 1: the other wrong wherever the baseline is right (difference -1).
        // Examples then add no variance, and the mean of two seeds drawn with replacement is 0 (1/4), -0.5 (1/2) or -1 (1/4):
        // interval [-1, 0], fraction >= 0 about 1/4, p about 2 * 1/4 = 0.5. An example-only bootstrap would give [-0.5, -0.5] and p 0.
        var all = Pattern(50, _ => true);
        var none = Pattern(50, _ => false);
        var result = Statistics.PairedHierarchicalBootstrap([(all, all), (none, all)]);
        Assert.Equal(-0.5, result.Mean);
        Assert.Equal(-1.0, result.Low);
        Assert.Equal(0.0, result.High);
        Assert.InRange(result.P, 0.44, 0.56);
    }

    [Fact]
    public void TheSameInputsGiveTheSameIntervalToTheBit()
    {
        var seeds = Enumerable.Range(0, 3).Select(s =>
            ((IReadOnlyList<bool>)Pattern(120, i => (i * 13 + s) % 7 < 5), (IReadOnlyList<bool>)Pattern(120, i => (i * 5 + s) % 9 < 6))).ToArray();
        var first = Statistics.PairedHierarchicalBootstrap(seeds);
        var second = Statistics.PairedHierarchicalBootstrap(seeds);
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Low), BitConverter.DoubleToInt64Bits(second.Low));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.High), BitConverter.DoubleToInt64Bits(second.High));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.P), BitConverter.DoubleToInt64Bits(second.P));
        // The generator's seed is what fixes them: another seed draws other replicates.
        var other = Statistics.PairedHierarchicalBootstrap(seeds, seed: Statistics.BootstrapSeed + 1);
        Assert.NotEqual((first.Low, first.High, first.P), (other.Low, other.High, other.P));
        Assert.True(first.Low < first.Mean && first.Mean < first.High);
    }

    private static bool[] Pattern(int n, Func<int, bool> correct) => Enumerable.Range(0, n).Select(correct).ToArray();
}
