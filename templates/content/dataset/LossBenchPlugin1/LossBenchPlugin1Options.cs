using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBenchPlugin1;

/// <summary>The options of plugin-kebab-name, written in benchmarks.yaml as <c>plugin-kebab-name: { train: 512, test: 256 }</c>.</summary>
public sealed record LossBenchPlugin1Options
{
    [Description("Training images.")]
    [Range(1, 1_000_000)]
    public int Train { get; init; } = 512;

    [Description("Test images.")]
    [Range(1, 1_000_000)]
    public int Test { get; init; } = 256;

    [Description("Share of uniform noise in each pixel.")]
    [Range(0.0, 1.0)]
    public double Noise { get; init; } = 0.3;
}
