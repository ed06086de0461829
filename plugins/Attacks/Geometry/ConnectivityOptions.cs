using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>Options of <see cref="ConnectivityEvaluation"/>.</summary>
public sealed record ConnectivityOptions
{
    [Description("the split whose images are paired: test, train, or one of the data set's extra splits")]
    [Required]
    [SplitName]
    public string Split { get; init; } = "test";

    [Description("draw the pairs from at most this many examples (the first ones of the split; the run's max-eval-examples also applies)")]
    [Range(2, int.MaxValue)]
    public int Examples { get; init; } = 200;

    [Description("pairs of images with the same predicted class to connect (fewer when the examples do not give that many)")]
    [Range(1, 100000)]
    public int Pairs { get; init; } = 50;

    [Description("points checked on each segment, evenly spaced strictly between its ends")]
    [Range(1, 10000)]
    public int Samples { get; init; } = 32;

    [Description("bisection depth: a segment leaving the class region is split at an anchor at most this many times over")]
    [Range(0, 16)]
    public int Depth { get; init; } = 4;

    [Description("linearised margin steps at most that push a midpoint back into the class region")]
    [Range(1, 10000)]
    public int PushSteps { get; init; } = 20;

    [Description("an anchor is pushed until its class margin exceeds this fraction of the smaller margin of its segment's ends (0: just inside the region)")]
    [Range(0.0, 1.0)]
    public double AnchorMargin { get; init; } = 0.5;

    [Description("each push step goes 1 + overshoot times the linearised distance to the margin target")]
    [Range(0.0, 1.0)]
    public double Overshoot { get; init; } = 0.02;
}
