using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Models;

/// <summary>Options of <see cref="ResNetModel"/>: ResNet-18 or ResNet-34 in the CIFAR layout, and the stem's width.</summary>
public sealed record ResNetOptions : IValidatableObject
{
    [Description("18 (2, 2, 2, 2 basic blocks per stage) or 34 (3, 4, 6, 3)")]
    public int Depth { get; init; } = 18;

    [Description("channels of the first stage; the four stages have 1, 2, 4 and 8 times as many (64: the standard network)")]
    [Range(1, 1024)]
    public int Width { get; init; } = 64;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Depth is not (18 or 34))
            yield return new ValidationResult($"depth {Depth} is not a basic-block ResNet: use 18 or 34", [nameof(Depth)]);
    }
}
