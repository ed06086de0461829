using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Losses;

namespace LossBench.Plugins.Losses;

/// <summary>Options of the debiasing losses: where the bias probabilities come from (and, for focal, gamma).</summary>
public sealed record DebiasOptions
{
    [Description("bias source: shallow (the model trained briefly on a random subset) or known (the data set's bias attribute)")]
    public BiasSource Bias { get; init; } = BiasSource.Shallow;

    [Description("shallow: training examples of the bias model")]
    [Range(1, int.MaxValue)]
    public int BiasExamples { get; init; } = 2000;

    [Description("shallow: epochs of the bias model")]
    [Range(1, 10_000)]
    public int BiasEpochs { get; init; } = 5;

    [Description("debiased-focal only: exponent gamma of (1 - b_t)")]
    [Range(0.0, 100.0)]
    public double Gamma { get; init; } = 2;

    internal LossTraits Traits => new() { HardLabelsOnly = true, NeedsBiasModel = true, BiasModel = new BiasModelRequest(Bias, BiasExamples, BiasEpochs) };
}
