namespace LossBench.Sdk.Losses;

/// <summary>What a loss needs from the rest of a benchmark cell.</summary>
public sealed record LossTraits
{
    /// <summary>The default: works with probability targets (smoothed, mixed), needs no bias model.</summary>
    public static LossTraits Default { get; } = new();

    /// <summary>
    /// The loss reads only <see cref="LossInput.Labels"/> and cannot use soft or mixed targets, so
    /// the host refuses to pair it with an augmentation that mixes labels.
    /// </summary>
    public bool HardLabelsOnly { get; init; }

    /// <summary>The loss reads <see cref="LossInput.BiasProbs"/>; the host trains or derives a bias model for it as <see cref="BiasModel"/> says.</summary>
    public bool NeedsBiasModel { get; init; }

    /// <summary>
    /// The loss reads <see cref="LossInput.TeacherProbs"/>: the probabilities of the cross-entropy model of
    /// the same cell and seed (the host reuses its cached weights, or trains it).
    /// </summary>
    public bool NeedsTeacher { get; init; }

    /// <summary>How the host provides b when <see cref="NeedsBiasModel"/> is set (default: a shallow model of 2000 examples, 5 epochs).</summary>
    public BiasModelRequest BiasModel { get; init; } = new(BiasSource.Shallow);

    /// <summary>
    /// The loss's own base learning rate, in place of training.optimizer's lr for its cells (the schedule
    /// and warm-up apply to it); null: the training block's. A loss whose gradient is scaled down for most
    /// examples (debiased focal with a confident bias model) needs a larger step to train at all.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>How the trained model's logits become class probabilities (NLL, calibration, reliability use it).</summary>
    public PredictionLink Link { get; init; } = PredictionLink.Softmax;

    /// <summary>
    /// What a loss made of this one and <paramref name="other"/> needs: each need of either; one bias
    /// model serves both, the first one's when both ask; likewise the first learning rate that is set. A sum with a one-vs-all sigmoid term trains
    /// its outputs as sigmoids, so its link is the sigmoids'.
    /// </summary>
    public LossTraits Union(LossTraits other) => new()
    {
        HardLabelsOnly = HardLabelsOnly || other.HardLabelsOnly,
        NeedsBiasModel = NeedsBiasModel || other.NeedsBiasModel,
        NeedsTeacher = NeedsTeacher || other.NeedsTeacher,
        BiasModel = NeedsBiasModel || !other.NeedsBiasModel ? BiasModel : other.BiasModel,
        LearningRate = LearningRate ?? other.LearningRate,
        Link = Link == PredictionLink.OneVsAllSigmoid || other.Link == PredictionLink.OneVsAllSigmoid ? PredictionLink.OneVsAllSigmoid : PredictionLink.Softmax,
    };
}
