using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Evaluations;

/// <summary>Options of <see cref="CleanEvaluation"/>.</summary>
public sealed record CleanOptions
{
    [Description("the split to evaluate: test, train, or one of the data set's extra splits (ood, corrupt:<kind>, ...)")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("number of equal-width confidence bins for ece and the reliability curve")]
    [Range(1, 1000)]
    public int Bins { get; init; } = 15;
}
