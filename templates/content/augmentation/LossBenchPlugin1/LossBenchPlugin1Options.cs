using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBenchPlugin1;

/// <summary>The options of plugin-kebab-name, written in benchmarks.yaml as <c>plugin-kebab-name: { strength: 0.2 }</c>.</summary>
public sealed record LossBenchPlugin1Options
{
    [Description("Largest relative change of an image's brightness.")]
    [Range(0.0, 1.0)]
    public double Strength { get; init; } = 0.2;
}
