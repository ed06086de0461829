using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// The basic block of a residual network (He et al., 2016, figure 2): conv3x3(stride)-BN-ReLU-
/// conv3x3-BN added to the shortcut, then ReLU. When the block changes the width or the resolution
/// the shortcut is a 1x1 convolution with the stride followed by BN (option B of the paper),
/// otherwise the input itself. Convolutions carry no bias (a batch norm follows each).
/// </summary>
public sealed class ResNetBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d? _shortcutConv;
    private readonly BatchNorm2d? _shortcutBn;

    public ResNetBlock(long inChannels, long outChannels, long stride) : base(nameof(ResNetBlock))
    {
        _conv1 = register_module("conv1", torch.nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, hasBias: false));
        _bn1 = register_module("bn1", torch.nn.BatchNorm2d(outChannels));
        _conv2 = register_module("conv2", torch.nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, hasBias: false));
        _bn2 = register_module("bn2", torch.nn.BatchNorm2d(outChannels));
        if (inChannels != outChannels || stride != 1)
        {
            _shortcutConv = register_module("shortcut_conv", torch.nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, hasBias: false));
            _shortcutBn = register_module("shortcut_bn", torch.nn.BatchNorm2d(outChannels));
        }
    }

    // Intermediates are released as soon as they are consumed (see Intermediates).
    public override Tensor forward(Tensor input)
    {
        var hidden = Intermediates.Consume(Intermediates.Consume(_conv1.forward(input), _bn1.forward), x => x.relu());
        var residual = Intermediates.Consume(Intermediates.Consume(hidden, _conv2.forward), _bn2.forward);
        var shortcut = _shortcutConv is null ? input : Intermediates.Consume(_shortcutConv.forward(input), _shortcutBn!.forward);
        var sum = residual + shortcut;
        residual.Dispose();
        if (!ReferenceEquals(shortcut, input)) shortcut.Dispose();
        return Intermediates.Consume(sum, x => x.relu());
    }
}
