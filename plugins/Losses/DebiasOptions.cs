using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Losses;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Options of the debiasing losses: where the bias probabilities come from, whether they are annealed
/// over training (Utama et al. 2020b, "Towards debiasing NLU models from unknown biases", section 3,
/// annealing mechanism), an optional learning rate of their own, and, for debiased focal, gamma.
/// </summary>
public sealed record DebiasOptions : IValidatableObject
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

    [Description("anneal the bias over training: b becomes b^(1 - alpha_t) / sum_k b_k^(1 - alpha_t), alpha_t = (1 - anneal-min) step / steps (Utama et al. 2020b)")]
    public bool Anneal { get; init; }

    [Description("anneal: the exponent 1 - alpha_t falls linearly from 1 to this value at the end of training (the paper's a, 0.8)")]
    [Range(0.0, 1.0)]
    public double AnnealMin { get; init; } = 0.8;

    [Description("learning rate of this loss's cells, in place of training.optimizer's lr (the schedule and warm-up apply to it); unset: the training block's")]
    public double? Lr { get; init; }

    internal LossTraits Traits => new()
    {
        HardLabelsOnly = true,
        NeedsBiasModel = true,
        BiasModel = new BiasModelRequest(Bias, BiasExamples, BiasEpochs),
        LearningRate = Lr,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lr is { } lr && !(lr > 0 && double.IsFinite(lr)))
            yield return new ValidationResult($"lr must be a finite number > 0, not {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}", [nameof(Lr)]);
    }
}
