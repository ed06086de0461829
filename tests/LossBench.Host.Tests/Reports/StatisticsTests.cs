using LossBench.Host.Reports;

namespace LossBench.Host.Tests.Reports;

public sealed class StatisticsTests
{
    [Fact]
    public void TQuantilesMatchTheTables()
    {
        // Student-t 97.5% quantiles from standard tables: df 1 -> 12.7062047362, df 2 -> 4.3026527297.
        Assert.Equal(12.7062047362, Statistics.TQuantile975(1), 9);
        Assert.Equal(4.3026527297, Statistics.TQuantile975(2), 9);
    }

    [Fact]
    public void MeanAndSampleStdOfTwoAndThreeValues()
    {
        // 0.5, 0.7: mean 0.6, sample std sqrt((0.1^2 + 0.1^2) / 1) = sqrt(0.02) = 0.1414213562.
        Assert.Equal(0.6, Statistics.Mean([0.5, 0.7]), 12);
        Assert.Equal(0.1414213562, Statistics.SampleStd([0.5, 0.7])!.Value, 10);
        // 0.80, 0.90, 0.85: mean 0.85, sample std sqrt((0.05^2 + 0.05^2 + 0) / 2) = 0.05 (n would give 0.0408).
        Assert.Equal(0.85, Statistics.Mean([0.80, 0.90, 0.85]), 12);
        Assert.Equal(0.05, Statistics.SampleStd([0.80, 0.90, 0.85])!.Value, 12);
        Assert.Null(Statistics.SampleStd([0.5]));
    }

    [Fact]
    public void TheIntervalIsMeanPlusMinusTTimesTheStandardError()
    {
        // 0.02, 0.04, 0.03: mean 0.03, sd 0.01; half width 4.3026527297 * 0.01 / sqrt(3) = 0.0248413771.
        var (low, high) = Statistics.TInterval95([0.02, 0.04, 0.03])!.Value;
        Assert.Equal(0.0051586229, low, 9);
        Assert.Equal(0.0548413771, high, 9);
        Assert.Null(Statistics.TInterval95([0.02]));
    }

    [Fact]
    public void HolmAdjustsTheTextbookExample()
    {
        // p = 0.01, 0.04, 0.03, 0.005, m = 4. Sorted: 0.005, 0.01, 0.03, 0.04; times m - j + 1 = 4, 3, 2, 1:
        // 0.02, 0.03, 0.06, 0.04; running max: 0.02, 0.03, 0.06, 0.06. Back in the given order: 0.03, 0.06, 0.06, 0.02.
        var adjusted = Statistics.HolmAdjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
        // Below 0.05 raw: all four; after Holm only 0.005 and 0.01 (0.02 and 0.03).
        Assert.Equal(2, adjusted.Count(p => p < 0.05));
    }

    [Fact]
    public void HolmCapsAtOneAndLeavesASingleOrNoPValueAlone()
    {
        // 0.5, 0.6: 2 * 0.5 = 1 (capped at 1, not 1.0 + anything), then max(1, 0.6) = 1.
        Assert.Equal([1.0, 1.0], Statistics.HolmAdjust([0.6, 0.5]));
        Assert.Equal([0.2], Statistics.HolmAdjust([0.2]));
        Assert.Empty(Statistics.HolmAdjust([]));
        // Ties get the same adjusted value: 0.01, 0.01, 0.2 -> 0.03, max(0.03, 0.02) = 0.03, 0.2.
        Assert.Equal([0.03, 0.03, 0.2], Statistics.HolmAdjust([0.01, 0.01, 0.2]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void PairedTTestWithOneDegreeOfFreedomMatchesTheCauchyClosedForm()
    {
        // 0.03, 0.01: mean 0.02, sd sqrt(2 * 0.01^2 / 1) = 0.0141421, standard error 0.0141421 / sqrt(2) = 0.01, t = 2.
        // t with 1 df is Cauchy: two-sided p = 1 - 2 atan(|t|) / pi = 1 - 2 atan(2) / pi = 0.2951672353.
        Assert.Equal(1 - 2 * Math.Atan(2) / Math.PI, Statistics.PairedTTestP([0.03, 0.01])!.Value, 10);
        Assert.Equal(0.2951672353, Statistics.PairedTTestP([0.03, 0.01])!.Value, 10);
        // The sign of the mean does not matter.
        Assert.Equal(0.2951672353, Statistics.PairedTTestP([-0.03, -0.01])!.Value, 10);
    }

    [Fact]
    public void PairedTTestWithTwoDegreesOfFreedomMatchesTheClosedForm()
    {
        // 0.02, 0.04, 0.03: mean 0.03, sd 0.01, t = 0.03 / (0.01 / sqrt(3)) = 3 sqrt(3), t^2 = 27.
        // With 2 df, P(|T| > t) = 1 - t / sqrt(2 + t^2) = 1 - 3 sqrt(3) / sqrt(29) = 0.0350987186.
        Assert.Equal(1 - 3 * Math.Sqrt(3) / Math.Sqrt(29), Statistics.PairedTTestP([0.02, 0.04, 0.03])!.Value, 10);
        Assert.Equal(0.0350987186, Statistics.PairedTTestP([0.02, 0.04, 0.03])!.Value, 10);
    }

    [Fact]
    public void PairedTTestOfOnePairIsUndefinedAndOfEqualDifferencesIsZeroOrOne()
    {
        Assert.Null(Statistics.PairedTTestP([0.02]));
        Assert.Equal(0.0, Statistics.PairedTTestP([0.25, 0.25, 0.25]));
        Assert.Equal(1.0, Statistics.PairedTTestP([0.0, 0.0]));
        Assert.Null(Statistics.PairedTTestP([double.NaN, 0.1]));
        Assert.Null(Statistics.PairedTTestP([double.PositiveInfinity, 0.1]));
    }

    [Fact]
    public void TheMinimumDetectableDifferenceUsesClosedFormTQuantiles()
    {
        // df 2: t_q = (2q - 1) / sqrt(2 q (1 - q)): t_0.975 = 0.95 / sqrt(0.04875) = 4.3026527297, t_0.8 = 0.6 / sqrt(0.32) = 1.0606601718.
        // sd 0.01, n 3: (4.3026527297 + 1.0606601718) * 0.01 / sqrt(3) = 0.0309651015.
        Assert.Equal(0.0309651015, Statistics.MinimumDetectableDifference(0.01, 3)!.Value, 10);
        // df 1 (Cauchy): t_q = tan(pi (q - 1/2)): t_0.975 = 12.7062047362, t_0.8 = tan(0.3 pi) = 1.3763819205.
        // sd 0.01, n 2: (12.7062047362 + 1.3763819205) * 0.01 / sqrt(2) = 0.0995789252.
        Assert.Equal(0.0995789252, Statistics.MinimumDetectableDifference(0.01, 2)!.Value, 10);
        Assert.Null(Statistics.MinimumDetectableDifference(0.01, 1));
    }

    [Fact]
    public void MedianOfOddAndEvenCounts()
    {
        Assert.Equal(2.0, Statistics.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 3.0, 2.0]));
        Assert.Null(Statistics.Median([]));
    }
}
