using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="CrossEntropyLoss"/>.</summary>
public sealed record CrossEntropyOptions
{
    [Description("label smoothing eps: the target becomes (1 - eps) q + eps / classes")]
    [Range(0.0, 1.0, MaximumIsExclusive = true, ErrorMessage = "the value must be in [0, 1): 0 is no smoothing, and 1 would make every target uniform")]
    public double LabelSmoothing { get; init; }
}
