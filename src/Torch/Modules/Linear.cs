namespace LossBench.Torch.Modules;

/// <summary>y = x Wᵀ + b, initialised as PyTorch does (Kaiming-uniform with a = √5, bias U(±1/√fan_in)).</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long in_features, long out_features, bool hasBias = true, Generator? generator = null) : base(nameof(Linear))
    {
        weight = register_parameter("weight", torch.empty([out_features, in_features]));
        torch.nn.init.kaiming_uniform_(weight, Math.Sqrt(5), generator: generator);
        if (hasBias)
        {
            var bound = 1 / Math.Sqrt(in_features);
            bias = register_parameter("bias", torch.empty([out_features]));
            torch.nn.init.uniform_(bias, -bound, bound, generator);
        }
    }

    public Tensor weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, weight, bias);
}
