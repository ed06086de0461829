using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="ComboLoss"/>: <c>terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ]</c>.</summary>
public sealed record ComboOptions
{
    [Description("the weighted terms: each { <loss>: { options }, weight: w } (weight default 1)")]
    [Required(ErrorMessage = "give the terms, like [ {{ bce: {{}}, weight: 1 }}, {{ dice: {{}}, weight: 1 }} ]")]
    [MinLength(1, ErrorMessage = "give at least one term, like [ {{ bce: {{}}, weight: 1 }}, {{ dice: {{}}, weight: 1 }} ]")]
    public IReadOnlyList<ComboTerm>? Terms { get; init; }
}
