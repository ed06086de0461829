namespace LossBench.Torch.Optimizers;

/// <summary>lr = eta_min + (base - eta_min) (1 + cos(π t / T_max)) / 2, held at eta_min after T_max.</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly long _tMax;
    private readonly double _etaMin;

    public CosineAnnealingLR(Optimizer optimizer, long T_max, double eta_min = 0) : base(optimizer)
    {
        if (T_max <= 0) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be positive");
        (_tMax, _etaMin) = (T_max, eta_min);
    }

    public override double LearningRateAt(long steps)
    {
        var t = Math.Min(steps, _tMax);
        return _etaMin + (BaseLearningRate - _etaMin) * (1 + Math.Cos(Math.PI * t / _tMax)) / 2;
    }
}
