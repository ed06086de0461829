namespace LossBench.Torch.Optimizers;

/// <summary>
/// Sets an optimizer's learning rate from the number of steps taken, using the schedule's closed
/// form (so the rate after k steps does not depend on rounding accumulated along the way). Call
/// <see cref="step"/> once per optimizer step or per epoch, whichever unit the schedule counts.
/// </summary>
public abstract class LRScheduler
{
    protected LRScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    public Optimizer Optimizer { get; }

    public double BaseLearningRate { get; }

    /// <summary>Steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The learning rate after <paramref name="steps"/> steps.</summary>
    public abstract double LearningRateAt(long steps);

    public void step()
    {
        Steps++;
        Optimizer.LearningRate = LearningRateAt(Steps);
    }

    public double get_last_lr() => Optimizer.LearningRate;
}
