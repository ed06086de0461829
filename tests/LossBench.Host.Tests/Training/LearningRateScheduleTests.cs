using LossBench.Host.Config;
using LossBench.Host.Training;

namespace LossBench.Host.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void CosineFollowsTheClosedFormAfterLinearWarmup()
    {
        // 100 steps, 10 of warm-up: step s < 10 -> 0.1 (s + 1) / 10; then 0.1 * (1 + cos(pi (s - 10) / 90)) / 2.
        var schedule = new LearningRateSchedule(0.1, ScheduleKind.Cosine, 100, 10);
        Assert.Equal(0.01, schedule.At(0), 12);
        Assert.Equal(0.1, schedule.At(9), 12);
        Assert.Equal(0.1, schedule.At(10), 12);
        Assert.Equal(0.05, schedule.At(55), 12); // halfway: cos(pi/2) = 0
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 89 / 90)) / 2, schedule.At(99), 12);
    }

    [Fact]
    public void StepDropsTenfoldAtHalfAndThreeQuartersAndConstantStays()
    {
        var step = new LearningRateSchedule(1.0, ScheduleKind.Step, 100, 0);
        Assert.Equal([1.0, 1.0, 0.1, 0.1, 0.01], new long[] { 0, 49, 50, 74, 75 }.Select(step.At));
        Assert.Equal(0.3, new LearningRateSchedule(0.3, ScheduleKind.Constant, 100, 0).At(99));
    }
}
