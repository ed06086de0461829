using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBenchPlugin1;

/// <summary>The options of plugin-kebab-name, written in benchmarks.yaml as <c>plugin-kebab-name: { split: test }</c>.</summary>
public sealed record LossBenchPlugin1Options
{
    [Description("The split to evaluate: test, train, an extra split of the data set, or corrupt:<kind>@<severity>.")]
    [Required]
    public string Split { get; init; } = "test";
}
