namespace LossBench.Torch.Optimizers;

/// <summary>
/// Rises linearly from base * start_factor to base over <c>warmup_steps</c>, then follows
/// <c>after</c> (counted from the end of the warm-up) or stays at base.
/// </summary>
public sealed class LinearWarmupLR : LRScheduler
{
    private readonly long _warmup;
    private readonly double _startFactor;
    private readonly LRScheduler? _after;

    public LinearWarmupLR(Optimizer optimizer, long warmup_steps, double start_factor = 0.0, LRScheduler? after = null) : base(optimizer)
    {
        if (warmup_steps < 0) throw new ArgumentOutOfRangeException(nameof(warmup_steps), warmup_steps, "warmup_steps must be non-negative");
        if (after is not null && !ReferenceEquals(after.Optimizer, optimizer))
            throw new ArgumentException("the schedule after warm-up must drive the same optimizer", nameof(after));
        (_warmup, _startFactor, _after) = (warmup_steps, start_factor, after);
        optimizer.LearningRate = LearningRateAt(0);
    }

    public override double LearningRateAt(long steps)
    {
        if (steps < _warmup)
            return BaseLearningRate * (_startFactor + (1 - _startFactor) * steps / _warmup);
        return _after?.LearningRateAt(steps - _warmup) ?? BaseLearningRate;
    }
}
