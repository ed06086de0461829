using System.ComponentModel.DataAnnotations;

namespace LossBench.Host.Config;

/// <summary>`training: { until: { train-accuracy: 0.97, measure: running } }` as written.</summary>
public sealed record UntilOptions
{
    [Required(ErrorMessage = "give the target, e.g. until: {{ train-accuracy: 0.97 }}")]
    [Range(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = "train-accuracy must be above 0 and at most 1")]
    public double? TrainAccuracy { get; init; }

    public UntilMeasure Measure { get; init; } = UntilMeasure.Running;
}
