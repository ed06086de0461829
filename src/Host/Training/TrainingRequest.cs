using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// What <see cref="CellTrainer"/> trains: a model on a training split with a loss and an
/// augmentation, its data-order and augmentation generators, and what the loss needs besides.
/// </summary>
/// <param name="Model">The network, with its initial weights, on the training device.</param>
/// <param name="Train">The examples trained on.</param>
/// <param name="Classes">Number of classes (targets are one-hot over them).</param>
/// <param name="Loss">The loss plugin.</param>
/// <param name="LossName">How messages name the loss (its label).</param>
/// <param name="Augmentation">The augmentation applied to every batch.</param>
/// <param name="DataOrder">Draws each epoch's permutation.</param>
/// <param name="AugmentationDraws">Every random draw of the augmentation.</param>
public sealed record TrainingRequest(
    Module<Tensor, Tensor> Model,
    TensorDataset Train,
    int Classes,
    ILoss Loss,
    string LossName,
    IAugmentation Augmentation,
    Generator DataOrder,
    Generator AugmentationDraws)
{
    /// <summary>What the loss needs (checked against what is given before the first step).</summary>
    public LossTraits LossTraits { get; init; } = LossTraits.Default;

    /// <summary>Measured after each epoch (a cell's test split for its curve, the search's validation split), or none.</summary>
    public TensorDataset? HeldOut { get; init; }

    /// <summary>b for losses that need a bias model.</summary>
    public BiasProbabilities? Bias { get; init; }

    /// <summary>The teacher for losses that need one.</summary>
    public Module<Tensor, Tensor>? Teacher { get; init; }

    public Action<TrainingProgressReport>? Progress { get; init; }
}
