using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// A wide residual network WRN-d-k (Zagoruyko and Komodakis, 2016), the model the searched losses
/// were transferred to: a 3x3 convolution to 16 channels, three groups of n = (d - 4) / 6
/// pre-activation basic blocks (<see cref="WideResNetBlock"/>) with 16k, 32k and 64k channels and
/// strides 1, 2, 2, then BN-ReLU, global average pooling and a linear classifier. Global pooling
/// makes it take any image size (28x28 MNIST as well as 32x32 CIFAR). Weights come from the global
/// generator, as for the other built-in models; dropout draws from it too.
/// </summary>
[Plugin("wide-resnet", Summary = "Wide residual network WRN-depth-k: pre-activation basic blocks, 16k/32k/64k channels (depth 28, widen-factor 10 is WRN-28-10)")]
public sealed class WideResNetModel(WideResNetOptions options) : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape)
    {
        ModelShapes.Check(shape, "wide-resnet");
        var blocks = (options.Depth - 4) / 6;
        long[] widths = [16, 16L * options.WidenFactor, 32L * options.WidenFactor, 64L * options.WidenFactor];
        var model = new Sequential(torch.nn.Conv2d(shape.Channels, widths[0], kernel_size: 3, padding: 1, hasBias: false));
        for (var group = 0; group < 3; group++)
        {
            for (var block = 0; block < blocks; block++)
            {
                var inChannels = block == 0 ? widths[group] : widths[group + 1];
                var stride = block == 0 && group > 0 ? 2 : 1;
                model.append(new WideResNetBlock(inChannels, widths[group + 1], stride, options.Dropout));
            }
        }
        model.append(torch.nn.BatchNorm2d(widths[3]));
        model.append(torch.nn.ReLU());
        model.append(torch.nn.AdaptiveAvgPool2d(1, 1));
        model.append(torch.nn.Flatten());
        model.append(torch.nn.Linear(widths[3], shape.Classes));
        return model;
    }
}
