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
        // Each intermediate result is released as soon as the next layer has consumed it, as in
        // PyTorch, where nothing outside the autograd graph refers to it any more: the graph keeps
        // (by reference count) what backward needs and frees it as backward runs. Held until the
        // step's dispose scope ends, the whole forward working set stayed live through backward and
        // the optimizer step. Only tensors this pass created (owned by the scope it runs in) are
        // released: never the input or the output, which belong to the caller, nor a tensor a layer
        // keeps and returns (a parameter or buffer: in no scope), nor its input returned as is.
        var owner = DisposeScope.Current;
        var x = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            Tensor next;
            if (_layers[i] is Lambda { Operation: ReluOperation } && i + 1 < _layers.Count && _layers[i + 1] is Lambda { Operation: MaxPool2dOperation pool })
            {
                // ReLU followed by a max-pool: one operation with the same values and gradients
                // (torch.nn.functional.relu_max_pool2d), which for a 2x2 pool never makes the
                // ReLU's output and takes one backward pass instead of two.
                next = torch.nn.functional.relu_max_pool2d(x, pool.KernelSize, pool.Stride, pool.Padding);
                i++;
            }
            else
            {
                next = _layers[i].forward(x);
            }
            if (owner is not null && !ReferenceEquals(x, input) && !ReferenceEquals(next, x) && ReferenceEquals(x.OwningScope, owner)) x.Dispose();
            x = next;
        }
        return x;
    }
}
