using System.ComponentModel.DataAnnotations;
using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>Command-line values that replace single settings of a search file; the result is validated as the file is.</summary>
public sealed record SearchOverrides
{
    public ulong? Seed { get; init; }
    public int? Population { get; init; }
    public int? SampleSize { get; init; }
    public int? Evaluations { get; init; }
    public int? Threads { get; init; }
    public string? Device { get; init; }
    public string? Dataset { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<string> Augmentations { get; init; } = [];
    public int? Epochs { get; init; }
    public int? Steps { get; init; }
    public int? BatchSize { get; init; }
    public OptimizerKind? Optimizer { get; init; }
    public double? Lr { get; init; }
    /// <summary>An absolute gate (a training accuracy; 0: none).</summary>
    public double? Gate { get; init; }

    /// <summary>A relative gate (a fraction of cross-entropy's training accuracy); wins over <see cref="Gate"/>.</summary>
    public double? GateRelative { get; init; }

    public SearchOptions ApplyTo(SearchOptions options)
    {
        var s = options.Surrogate;
        var surrogate = s with
        {
            Dataset = Dataset is null ? s.Dataset : new ConfigScalar(Dataset),
            Model = Model is null ? s.Model : new ConfigScalar(Model),
            Augmentations = Augmentations.Count == 0 ? s.Augmentations : Augmentations.Select(a => (ConfigNode)new ConfigScalar(a)).ToArray(),
            Epochs = Epochs ?? s.Epochs,
            Steps = Steps ?? s.Steps,
            BatchSize = BatchSize ?? s.BatchSize,
            Optimizer = Optimizer ?? s.Optimizer,
            Lr = Lr ?? s.Lr,
            Gate = GateRelative is { } fraction ? ConfigMapping.Of(("relative", fraction))
                : Gate is { } gate ? ConfigMapping.Of(("absolute", gate))
                : s.Gate,
        };
        var result = options with
        {
            Seed = Seed ?? options.Seed,
            Population = Population ?? options.Population,
            SampleSize = SampleSize ?? options.SampleSize,
            Evaluations = Evaluations ?? options.Evaluations,
            Threads = Threads ?? options.Threads,
            Device = Device ?? options.Device,
            Surrogate = surrogate,
        };
        Check(result, "search");
        Check(surrogate, "search.surrogate");
        return result;
    }

    private static void Check(object options, string path)
    {
        var problems = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true)) return;
        var problem = problems[0];
        var member = problem.MemberNames.FirstOrDefault();
        throw new ArgumentException($"{path}{(member is null ? "" : "." + KebabCase.From(member))}: {problem.ErrorMessage}");
    }
}
