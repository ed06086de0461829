using System.ComponentModel.DataAnnotations;

namespace LossBench.Sdk.Datasets;

/// <summary>
/// Marks an evaluation option that names a split. A corruption split's name
/// (<c>corrupt:&lt;kind&gt;@&lt;severity&gt;</c>) is checked when the options are bound, so a misspelled
/// kind or a severity outside 1-5 stops the benchmark at plan time, naming the option, instead of
/// failing every cell after training. Other names depend on the data set and are checked when the
/// evaluation resolves them (<see cref="DataSplits.Resolve"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SplitNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string name || !CorruptionSplit.IsCorruptionName(name)) return ValidationResult.Success;
        try
        {
            CorruptionSplit.Parse(name);
            return ValidationResult.Success;
        }
        catch (ArgumentException e)
        {
            return new ValidationResult(e.Message, validationContext.MemberName is { } member ? [member] : null);
        }
    }
}
