namespace LossBench.Torch.Modules;

/// <summary>A parameter-free layer defined by a function (activations, pooling, flatten).</summary>
public sealed class Lambda : Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _function;

    public Lambda(string name, Func<Tensor, Tensor> function) : this(name, function, null)
    {
    }

    internal Lambda(string name, Func<Tensor, Tensor> function, LayerOperation? operation) : base(name)
    {
        _function = function;
        Operation = operation;
    }

    /// <summary>
    /// What the function computes, for the layers the engine knows (nn.ReLU, nn.MaxPool2d), so that
    /// <see cref="Sequential"/> can run a known pair as one operation; null for any other function.
    /// </summary>
    internal LayerOperation? Operation { get; }

    public override Tensor forward(Tensor input) => _function(input);
}

/// <summary>The computation of an engine-made <see cref="Lambda"/>.</summary>
internal abstract record LayerOperation;

internal sealed record ReluOperation : LayerOperation;

internal sealed record MaxPool2dOperation(long KernelSize, long? Stride, long Padding) : LayerOperation;
