using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// The pre-activation basic block of a wide residual network (Zagoruyko and Komodakis, 2016):
/// BN-ReLU-conv3x3(stride)-BN-ReLU-dropout-conv3x3, added to the input. When the block changes the
/// width or the resolution, the shortcut is a 1x1 convolution (with the stride) of the pre-activated
/// input, as in the authors' code; otherwise it is the input itself. Convolutions carry no bias (a
/// batch norm follows each).
/// </summary>
public sealed class WideResNetBlock : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn2;
    private readonly Dropout? _dropout;
    private readonly Conv2d _conv2;
    private readonly Conv2d? _shortcut;

    public WideResNetBlock(long inChannels, long outChannels, long stride, double dropout) : base(nameof(WideResNetBlock))
    {
        _bn1 = register_module("bn1", torch.nn.BatchNorm2d(inChannels));
        _conv1 = register_module("conv1", torch.nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, hasBias: false));
        _bn2 = register_module("bn2", torch.nn.BatchNorm2d(outChannels));
        if (dropout > 0) _dropout = register_module("dropout", torch.nn.Dropout(dropout));
        _conv2 = register_module("conv2", torch.nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, hasBias: false));
        if (inChannels != outChannels || stride != 1)
            _shortcut = register_module("shortcut", torch.nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, hasBias: false));
    }

    // Every intermediate is released as soon as it has been consumed (see Intermediates).
    public override Tensor forward(Tensor input)
    {
        var activated = Intermediates.Consume(_bn1.forward(input), x => x.relu());
        var hidden = Intermediates.Consume(Intermediates.Consume(_conv1.forward(activated), _bn2.forward), x => x.relu());
        if (_dropout is not null) hidden = Intermediates.Consume(hidden, _dropout.forward);
        var residual = Intermediates.Consume(hidden, _conv2.forward);
        var shortcut = _shortcut is null ? input : _shortcut.forward(activated);
        activated.Dispose();
        var sum = residual + shortcut;
        residual.Dispose();
        if (!ReferenceEquals(shortcut, input)) shortcut.Dispose();
        return sum;
    }
}
