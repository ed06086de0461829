namespace LossBench.Torch.Modules;

/// <summary>A parameter-free layer defined by a function (activations, pooling, flatten).</summary>
public sealed class Lambda : Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _function;

    public Lambda(string name, Func<Tensor, Tensor> function) : base(name) => _function = function;

    public override Tensor forward(Tensor input) => _function(input);
}
