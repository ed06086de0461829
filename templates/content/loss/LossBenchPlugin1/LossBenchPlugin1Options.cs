using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBenchPlugin1;

/// <summary>The options of plugin-kebab-name, written in benchmarks.yaml as <c>plugin-kebab-name: { smoothing: 0.1 }</c>.</summary>
public sealed record LossBenchPlugin1Options
{
    [Description("Weight of the uniform distribution mixed into the targets.")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Smoothing { get; init; } = 0.1;
}
