using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Models;

/// <summary>The channel widths of <see cref="CnnSmallModel"/>'s two convolutions.</summary>
public sealed record CnnSmallOptions
{
    [Description("output channels of the first 3x3 convolution")]
    [Range(1, 4096)]
    public int Width1 { get; init; } = 32;

    [Description("output channels of the second 3x3 convolution")]
    [Range(1, 4096)]
    public int Width2 { get; init; } = 64;
}
