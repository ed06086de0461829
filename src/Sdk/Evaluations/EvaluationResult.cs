namespace LossBench.Sdk.Evaluations;

/// <summary>
/// Named scalar metrics (for example <c>accuracy</c>, <c>accuracy@eps=0.1</c>) and named curves.
/// The host prefixes metric names with the evaluation's name (<c>clean.accuracy</c>).
/// </summary>
public sealed record EvaluationResult(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, Curve> Curves)
{
    public static EvaluationResult Of(IReadOnlyDictionary<string, double> metrics) => new(metrics, new Dictionary<string, Curve>());
}
