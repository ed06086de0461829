using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBenchPlugin1;

/// <summary>The options of plugin-kebab-name, written in benchmarks.yaml as <c>plugin-kebab-name: { hidden: 64 }</c>.</summary>
public sealed record LossBenchPlugin1Options
{
    [Description("Width of the hidden layer.")]
    [Range(1, 65536)]
    public int Hidden { get; init; } = 64;
}
