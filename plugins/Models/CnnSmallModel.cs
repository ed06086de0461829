using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// Two conv-ReLU-pool stages and a linear classifier:
/// conv 3x3 (pad 1) + ReLU + 2x2 max-pool, twice, then flatten and Linear to the classes.
/// The padded convolutions keep H x W; each pool floors it to H/2 x W/2, so the classifier sees
/// width2 * (H/2/2) * (W/2/2) features for any input size of at least 4x4.
/// </summary>
[Plugin("cnn-small", Summary = "Small CNN: two conv3x3+ReLU+maxpool2 stages (32, 64 channels) and a linear classifier")]
public sealed class CnnSmallModel(CnnSmallOptions options) : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape)
    {
        ModelShapes.Check(shape, "cnn-small");
        // Integer division floors, as max-pooling without ceil_mode does.
        long height = shape.Height / 2 / 2, width = shape.Width / 2 / 2;
        if (height == 0 || width == 0)
            throw new ArgumentException(
                $"cnn-small needs images of at least 4x4 (two 2x2 max-pools), got {shape.Height}x{shape.Width}", nameof(shape));
        return new Sequential(
            torch.nn.Conv2d(shape.Channels, options.Width1, kernel_size: 3, padding: 1),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(options.Width1, options.Width2, kernel_size: 3, padding: 1),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Flatten(),
            torch.nn.Linear(options.Width2 * height * width, shape.Classes));
    }
}
