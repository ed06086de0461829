namespace LossBench.Sdk.Evaluations;

/// <summary>
/// Named scalar metrics (for example <c>accuracy</c>, <c>accuracy@eps=0.1</c>) and named curves.
/// The host prefixes metric names with the evaluation's name (<c>clean.accuracy</c>).
/// </summary>
public sealed record EvaluationResult(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, Curve> Curves)
{
    public static EvaluationResult Of(IReadOnlyDictionary<string, double> metrics) => new(metrics, new Dictionary<string, Curve>());

    /// <summary>
    /// Optional per-example outcomes, by the name of the metric they make up (<c>accuracy</c>,
    /// <c>accuracy@eps=0.1</c>; no '/' in a name). The host stores them per cell in
    /// predictions/&lt;cell id&gt;.safetensors under &lt;evaluation label&gt;/&lt;name&gt;/&lt;field&gt;.
    /// Empty for evaluations that do not classify examples one by one.
    /// </summary>
    public IReadOnlyDictionary<string, ExampleOutcomes> Examples { get; init; } = new Dictionary<string, ExampleOutcomes>();
}
