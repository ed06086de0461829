using LossBench.Host.Config;

namespace LossBench.Host.Training;

/// <summary>
/// The learning rate at each optimizer step: linear warm-up from 0 over the warm-up steps, then
/// the schedule over the remaining steps. A pure function of the step, so resuming or inspecting a
/// run needs no scheduler state.
/// </summary>
public sealed record LearningRateSchedule(double BaseRate, ScheduleKind Kind, long TotalSteps, long WarmupSteps)
{
    public double At(long step)
    {
        if (step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var t = (double)(step - WarmupSteps) / span; // in [0, 1)
        return Kind switch
        {
            ScheduleKind.Constant => BaseRate,
            // Cosine annealing to 0 at t = 1 (one step past the last), PyTorch's CosineAnnealingLR with T_max = span.
            ScheduleKind.Cosine => BaseRate * 0.5 * (1 + Math.Cos(Math.PI * t)),
            ScheduleKind.Step => BaseRate * (t < 0.5 ? 1 : t < 0.75 ? 0.1 : 0.01),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a schedule"),
        };
    }
}
