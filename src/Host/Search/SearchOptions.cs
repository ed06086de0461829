using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Host.Search;

/// <summary>
/// A search file (e.g. benchmarks/search.yaml), bound with the plugins' options binder so that every
/// error names file, line and key. Command-line flags override single values.
/// </summary>
public sealed record SearchOptions : IValidatableObject
{
    [Description("names the output folder: <out>/<name>/")]
    public string Name { get; init; } = "search";

    [Description("seed of the whole search: generator, candidate and reference training seeds derive from it")]
    public ulong Seed { get; init; }

    [Description("members of the population")]
    [Range(2, 100_000)]
    public int Population { get; init; } = 8;

    [Description("members drawn per tournament; the fittest is mutated")]
    [Range(1, 100_000)]
    public int SampleSize { get; init; } = 3;

    [Description("candidates trained per augmentation, the initial population included")]
    [Range(1, 10_000_000)]
    public int Evaluations { get; init; } = 24;

    [Description("losses scored under the same surrogate budget, for comparison")]
    public IReadOnlyList<string> References { get; init; } = ["cross-entropy", "baikal"];

    [Description("libtorch threads (null: one per logical core)")]
    [Range(1, 4096)]
    public int? Threads { get; init; }

    [Description("cpu, cuda or cuda:N")]
    public string Device { get; init; } = "cpu";

    public SurrogateOptions Surrogate { get; init; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SampleSize > Population)
            yield return new ValidationResult($"sample-size ({SampleSize}) must not exceed population ({Population})", [nameof(SampleSize)]);
        if (Evaluations < Population)
            yield return new ValidationResult($"evaluations ({Evaluations}) must be at least the population ({Population}): the initial population is evaluated first", [nameof(Evaluations)]);
        if (GateRule.TryParse(Surrogate.Gate, out _) is { Kind: GateKind.Relative } && !References.Contains(GateRule.Reference))
            yield return new ValidationResult($"the relative gate is a fraction of {GateRule.Reference}'s training accuracy: list {GateRule.Reference} among the references, or give an absolute gate", [nameof(References)]);
        if (Name.Length == 0 || Name.IndexOfAny(['/', '\\']) >= 0 || Name is "." or "..")
            yield return new ValidationResult($"'{Name}' cannot name a folder", [nameof(Name)]);
    }
}
