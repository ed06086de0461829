using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Options;

namespace LossBench.Host.Config;

/// <summary>The `training:` mapping as written, bound with the plugins' options binder (so errors name path and type).</summary>
public sealed record TrainingOptions : IValidatableObject
{
    [Range(1, 100_000)] public int Epochs { get; init; } = TrainingSettings.Default.Epochs;
    [Range(1, 1_000_000)] public int BatchSize { get; init; } = TrainingSettings.Default.BatchSize;
    /// <summary>A name (sgd, adam, adamw) or a one-key mapping of a name to its options; read by <see cref="BenchmarkLoader"/>.</summary>
    public ConfigNode? Optimizer { get; init; }
    public ScheduleKind Schedule { get; init; } = TrainingSettings.Default.Schedule;
    [Range(0, 100_000)] public int WarmupEpochs { get; init; }
    [Range(1, 1_000_000)] public int EvalBatchSize { get; init; } = TrainingSettings.Default.EvalBatchSize;
    [Range(1, int.MaxValue)] public int? MaxEvalExamples { get; init; }
    /// <summary>Test accuracy after every N-th epoch; 0: never (<see cref="TrainingSettings.EvalEvery"/>).</summary>
    [Range(0, 100_000)] public int EvalEvery { get; init; } = 1;
    /// <summary>A mapping `{ train-accuracy: 0.97, measure: running }`; read by <see cref="BenchmarkLoader"/> into <see cref="TrainingUntil"/>.</summary>
    public ConfigNode? Until { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WarmupEpochs >= Epochs && WarmupEpochs > 0)
            yield return new ValidationResult($"warmup-epochs ({WarmupEpochs}) must be fewer than epochs ({Epochs})", [nameof(WarmupEpochs)]);
    }
}
