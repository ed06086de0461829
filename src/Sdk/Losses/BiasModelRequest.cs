namespace LossBench.Sdk.Losses;

/// <summary>What a loss that needs bias probabilities asks the host for.</summary>
/// <param name="Source">Shallow (a briefly trained copy of the model) or known (the data set's bias attribute).</param>
/// <param name="Examples">Shallow: training examples drawn at random for the bias model.</param>
/// <param name="Epochs">Shallow: epochs the bias model trains.</param>
public sealed record BiasModelRequest(BiasSource Source, int Examples = 2000, int Epochs = 5);
