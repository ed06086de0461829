using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Models;

/// <summary>Options of <see cref="WideResNetModel"/>: WRN-depth-k, e.g. depth 28 and widen-factor 10 for WRN-28-10.</summary>
public sealed record WideResNetOptions : IValidatableObject
{
    [Description("total depth: 6n + 4 for n blocks per group (16, 22, 28, 40, ...)")]
    [Range(10, 1000)]
    public int Depth { get; init; } = 16;

    [Description("k: the three groups have 16k, 32k and 64k channels")]
    [Range(1, 64)]
    public int WidenFactor { get; init; } = 1;

    [Description("dropout between the two convolutions of each block (0: none)")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Dropout { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Depth - 4) % 6 != 0)
            yield return new ValidationResult($"depth {Depth} is not 6n + 4 (each of the 3 groups has n blocks of 2 convolutions, plus the stem, the classifier and 2): use 16, 22, 28, 40, ...", [nameof(Depth)]);
    }
}
