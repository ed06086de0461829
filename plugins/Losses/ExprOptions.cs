using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Plugins.Losses.Expressions;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="ExprLoss"/>.</summary>
public sealed record ExprOptions : IValidatableObject
{
    [Description("the per-class loss formula in y (targets), p (softmax), z (logits), b (bias probabilities); reduced over classes, averaged over the batch")]
    public string Formula { get; init; } = "-y * log(p)";

    /// <summary>
    /// Sum by default: no paper fixes a convention for an arbitrary formula, and with the sum the
    /// default formula is exactly cross-entropy (the loss search's candidates rely on that, see docs/search.md).
    /// </summary>
    [Description("over the classes: sum (cross-entropy's form; -y * log(p) is then cross-entropy) or mean (sum / classes)")]
    public ClassReduction Reduction { get; init; } = ClassReduction.Sum;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        try
        {
            ExprParser.Parse(Formula);
        }
        catch (ExprParseException e)
        {
            problem = $"'{Shorten(Formula)}': {e.Message}";
        }
        if (problem is not null) yield return new ValidationResult(problem, [nameof(Formula)]);
    }

    /// <summary>A formula as an error quotes it: whole when short, else its start (the column says where the problem is).</summary>
    private static string Shorten(string formula) => formula.Length <= 120 ? formula : formula[..100] + $"... ({formula.Length} characters)";
}
