namespace LossBench.Torch.Optimizers;

/// <summary>lr = base * gamma^floor(t / step_size).</summary>
public sealed class StepLR : LRScheduler
{
    private readonly long _stepSize;
    private readonly double _gamma;

    public StepLR(Optimizer optimizer, long step_size, double gamma = 0.1) : base(optimizer)
    {
        if (step_size <= 0) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be positive");
        (_stepSize, _gamma) = (step_size, gamma);
    }

    public override double LearningRateAt(long steps) => BaseLearningRate * Math.Pow(_gamma, steps / _stepSize);
}
