namespace LossBench.Torch.Modules;

/// <summary>Inverted dropout, active in training mode only; an optional generator makes masks reproducible.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly double _p;
    private readonly Generator? _generator;

    public Dropout(double p = 0.5, Generator? generator = null) : base(nameof(Dropout))
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        (_p, _generator) = (p, generator);
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.dropout(input, _p, training, _generator);
}
