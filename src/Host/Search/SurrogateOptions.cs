using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>The `surrogate:` mapping of a search file: the short training run that scores each candidate.</summary>
public sealed record SurrogateOptions : IValidatableObject
{
    [Description("the data set: a name or `name: { options }`; training and validation images both come from its training split")]
    public ConfigNode Dataset { get; init; } = ConfigMapping.Of(("mnist-10k", ConfigMapping.Of(("train", 9000), ("test", 1000))));

    [Description("the model: a name or `name: { options }`")]
    public ConfigNode Model { get; init; } = new ConfigScalar("mlp");

    [Description("augmentations: one search per entry (a name or `name: { options }`)")]
    public IReadOnlyList<ConfigNode> Augmentations { get; init; } = [new ConfigScalar("none")];

    [Description("epochs of the surrogate run")]
    [Range(1, 1000)]
    public int Epochs { get; init; } = 3;

    [Description("batches per epoch; the run trains on steps x batch-size images")]
    [Range(1, 1_000_000)]
    public int Steps { get; init; } = 48;

    [Range(1, 100_000)]
    public int BatchSize { get; init; } = 64;

    [Description("held-out images (from the end of the training split) whose best accuracy over epochs is the fitness")]
    [Range(1, 10_000_000)]
    public int Validation { get; init; } = 1000;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    [Range(0.0, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "The field {0} must be greater than 0")]
    public double Lr { get; init; } = 0.05;

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Momentum { get; init; } = 0.9;

    [Range(0.0, double.MaxValue)]
    public double WeightDecay { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    [Description("the early stop: { relative: f } (a fraction of cross-entropy's training accuracy after gate-epochs under the same augmentation), " +
        "{ absolute: a } or a number (a training accuracy), 0: no gate; a run below it stops with fitness 0")]
    public ConfigNode Gate { get; init; } = ConfigMapping.Of(("relative", 0.5));

    [Description("the epochs after which the gate is checked")]
    [Range(1, 1000)]
    public int GateEpochs { get; init; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Augmentations.Count == 0) yield return new ValidationResult("give at least one augmentation (none for no augmentation)", [nameof(Augmentations)]);
        var gate = GateRule.TryParse(Gate, out var problem);
        if (gate is null) yield return new ValidationResult(problem, [nameof(Gate)]);
        else if (gate.Kind != GateKind.None && GateEpochs >= Epochs)
            yield return new ValidationResult($"gate-epochs ({GateEpochs}) must be fewer than epochs ({Epochs}) for the gate to stop a run early; or set gate: 0", [nameof(GateEpochs)]);
    }

    /// <summary>The gate as a rule; the options were validated, so it parses.</summary>
    public GateRule GateRule => GateRule.TryParse(Gate, out var problem) ?? throw new ArgumentException($"gate: {problem}");

    public SurrogateSettings ToSettings(string device) => new(Dataset, Model, Epochs, Steps, BatchSize, Validation,
        new OptimizerSettings(Optimizer, Lr, Optimizer == OptimizerKind.Sgd ? Momentum : 0, WeightDecay: WeightDecay), Schedule, GateEpochs, device);
}
