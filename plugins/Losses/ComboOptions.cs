using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="ComboLoss"/>: <c>terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ]</c>.</summary>
public sealed record ComboOptions : IValidatableObject
{
    [Description("the weighted terms: each a loss entry (name: { options }) with an optional weight (default 1)")]
    public ConfigNode? Terms { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Terms is not ConfigSequence { Items.Count: > 0 })
            yield return new ValidationResult("terms must be a non-empty list like [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ]", [nameof(Terms)]);
    }
}
