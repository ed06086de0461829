using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Sdk.Evaluations;

/// <summary>What an evaluation gets: the trained classifier, the data, the device, a seeded generator and a budget.</summary>
/// <param name="Model">The trained network, in eval mode. Its parameters still require grad: evaluations that take input gradients do it under their own autograd calls.</param>
/// <param name="Splits">The cell's data splits (on the CPU; move batches to <paramref name="Device"/>).</param>
/// <param name="Device">Where the model lives.</param>
/// <param name="Generator">Seeded per (cell, evaluation) for any randomness (random starts, sampling).</param>
/// <param name="Budget">How many examples to use and in which batch size.</param>
public sealed record EvaluationContext(Module<Tensor, Tensor> Model, DataSplits Splits, Device Device, Generator Generator, EvaluationBudget Budget)
{
    /// <summary>How the trained loss turns logits into probabilities (<see cref="LogProbabilities"/>); softmax unless the loss says otherwise.</summary>
    public Losses.PredictionLink Link { get; init; } = Losses.PredictionLink.Softmax;

    /// <summary>
    /// log p [N,C] of logits under <see cref="Link"/>: log_softmax(z), or for one-vs-all sigmoids
    /// log sigmoid(z_c) - log sum_k sigmoid(z_k), computed in log space so that no probability underflows.
    /// </summary>
    public Tensor LogProbabilities(Tensor logits)
    {
        if (Link == Losses.PredictionLink.Softmax) return torch.nn.functional.log_softmax(logits, 1);
        var logSigmoid = torch.nn.functional.logsigmoid(logits);
        return logSigmoid - logSigmoid.logsumexp(1, keepdim: true);
    }

    /// <summary>Logits [N,Classes] of a batch of images (on any device), computed without gradients.</summary>
    public Tensor Logits(Tensor images)
    {
        using var _ = torch.no_grad();
        return Model.forward(images.to(Device));
    }
}
