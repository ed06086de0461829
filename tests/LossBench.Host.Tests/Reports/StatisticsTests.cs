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
}
