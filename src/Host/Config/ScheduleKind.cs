namespace LossBench.Host.Config;

/// <summary>Learning-rate schedules over the whole run (after any warm-up).</summary>
public enum ScheduleKind
{
    /// <summary>The optimizer's learning rate throughout.</summary>
    Constant,
    /// <summary>Cosine annealing to 0 at the last step.</summary>
    Cosine,
    /// <summary>Multiplied by 0.1 at 50% and again at 75% of the steps.</summary>
    Step,
}
