using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Models;

/// <summary>The hidden layers of <see cref="MlpModel"/>.</summary>
public sealed record MlpOptions : IValidatableObject
{
    [Description("width of each hidden layer, input side first; [] is a linear (softmax regression) classifier")]
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Hidden.Count; i++)
            if (Hidden[i] < 1)
            {
                yield return new ValidationResult($"every hidden width must be at least 1, but hidden[{i}] is {Hidden[i]}", [nameof(Hidden)]);
                yield break;
            }
    }
}
