using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// ResNet-18/34 (He et al., 2016) in the layout used for 32x32 images (as in the CIFAR experiments
/// of the loss and augmentation literature): a 3x3 stride-1 convolution to w channels with BN and
/// ReLU (no 7x7 stem, no max-pool), four stages of basic blocks (<see cref="ResNetBlock"/>) with w,
/// 2w, 4w and 8w channels and strides 1, 2, 2, 2, then global average pooling and a linear
/// classifier. Global pooling makes it take any image size of at least 8x8. Weights come from the
/// global generator, in registration order, as for the other built-in models.
/// </summary>
[Plugin("resnet", Summary = "ResNet-18/34 for small images: 3x3 stem, four stages of basic blocks (64/128/256/512 channels), global pooling")]
public sealed class ResNetModel(ResNetOptions options) : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape)
    {
        ModelShapes.Check(shape, "resnet");
        if (shape.Height < 8 || shape.Width < 8)
            throw new ArgumentException($"resnet needs images of at least 8x8 (three stride-2 stages), got {shape.Height}x{shape.Width}", nameof(shape));
        int[] blocks = options.Depth == 34 ? [3, 4, 6, 3] : [2, 2, 2, 2];
        long width = options.Width;
        var model = new Sequential(
            torch.nn.Conv2d(shape.Channels, width, kernel_size: 3, padding: 1, hasBias: false),
            torch.nn.BatchNorm2d(width),
            torch.nn.ReLU());
        var channels = width;
        for (var stage = 0; stage < 4; stage++)
        {
            var stageChannels = width << stage;
            for (var block = 0; block < blocks[stage]; block++)
            {
                var stride = block == 0 && stage > 0 ? 2 : 1;
                model.append(new ResNetBlock(channels, stageChannels, stride));
                channels = stageChannels;
            }
        }
        model.append(torch.nn.AdaptiveAvgPool2d(1, 1));
        model.append(torch.nn.Flatten());
        model.append(torch.nn.Linear(channels, shape.Classes));
        return model;
    }
}
