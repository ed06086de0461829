using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Results;

/// <summary>
/// The per-example outcomes stored for one cell: by evaluation label (<c>clean</c>,
/// <c>fgsm(examples=500)</c>), then by metric name (<c>accuracy</c>, <c>accuracy@eps=0.1</c>).
/// </summary>
public sealed record CellPredictions(string CellId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>> Evaluations)
{
    /// <summary>The outcomes of metric <paramref name="name"/> of evaluation <paramref name="label"/>, or null when none are stored.</summary>
    public ExampleOutcomes? Get(string label, string name) =>
        Evaluations.TryGetValue(label, out var byName) && byName.TryGetValue(name, out var outcomes) ? outcomes : null;
}
