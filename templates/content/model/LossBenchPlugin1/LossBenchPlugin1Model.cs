using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1;

/// <summary>
/// A two-layer perceptron: flatten, linear to the hidden width, ReLU, linear to the classes.
/// Replace it with your own network; keep the contract (float32 [N,C,H,W] to logits [N,classes],
/// weights initialised from the global generator, which the host seeds per cell).
/// </summary>
[Plugin("plugin-kebab-name", Summary = "Two-layer perceptron with one hidden ReLU layer")]
public sealed class LossBenchPlugin1Model(LossBenchPlugin1Options options) : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape) =>
        nn.Sequential(
            nn.Flatten(),
            nn.Linear(shape.Channels * shape.Height * shape.Width, options.Hidden),
            nn.ReLU(),
            nn.Linear(options.Hidden, shape.Classes));
}
