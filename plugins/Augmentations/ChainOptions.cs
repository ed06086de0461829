using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="ChainAugmentation"/>: <c>of: [crop, { cutout: { size: 6 } }]</c>.</summary>
public sealed record ChainOptions : IValidatableObject
{
    [Description("the augmentations applied in order: each a name or { name: { options } }")]
    public ConfigNode? Of { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Of is not ConfigSequence { Items.Count: > 0 })
            yield return new ValidationResult("of must be a non-empty list of augmentations like [crop, { cutout: { size: 6 } }]", [nameof(Of)]);
    }
}
