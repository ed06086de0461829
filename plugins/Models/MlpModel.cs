using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Models;

/// <summary>
/// A fully connected network: flatten, then Linear + ReLU for each hidden width, then a Linear
/// layer to the classes. Layers are initialised as PyTorch does, from the global generator.
/// </summary>
[Plugin("mlp", Summary = "Multi-layer perceptron: flatten, Linear+ReLU per hidden width, Linear to the classes")]
public sealed class MlpModel(MlpOptions options) : IModel
{
    public Module<Tensor, Tensor> Create(ModelShape shape)
    {
        ModelShapes.Check(shape, "mlp");
        var model = new Sequential(torch.nn.Flatten());
        long features = (long)shape.Channels * shape.Height * shape.Width;
        foreach (var width in options.Hidden)
        {
            model.append(torch.nn.Linear(features, width));
            model.append(torch.nn.ReLU());
            features = width;
        }
        model.append(torch.nn.Linear(features, shape.Classes));
        return model;
    }
}
