using LossBench.Torch;

namespace LossBench.Sdk.Models;

/// <summary>A model plugin: builds a fresh classifier for a data set's shape.</summary>
public interface IModel
{
    /// <summary>
    /// Creates the network, initialised from the global generator (the host seeds it per
    /// (seed, data set, model) just before this call, so every loss starts from the same weights).
    /// The module maps float32 [N,C,H,W] to logits [N,Classes].
    /// </summary>
    Module<Tensor, Tensor> Create(ModelShape shape);
}
