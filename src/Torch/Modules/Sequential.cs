namespace LossBench.Torch.Modules;

/// <summary>Applies its children in order; children are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    public Sequential(params Module<Tensor, Tensor>[] layers) : base(nameof(Sequential))
    {
        foreach (var layer in layers) append(layer);
    }

    public Sequential append(Module<Tensor, Tensor> layer)
    {
        register_module(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    public int Count => _layers.Count;

    public Module<Tensor, Tensor> this[int index] => _layers[index];

    public override Tensor forward(Tensor input)
    {
        // Intermediate results are owned by the caller's dispose scope, as with any other op.
        var x = input;
        foreach (var layer in _layers) x = layer.forward(x);
        return x;
    }
}
