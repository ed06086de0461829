namespace LossBench.Sdk.Evaluations;

/// <summary>
/// An evaluation that knows from its options alone every metric name its
/// <see cref="EvaluationResult.Metrics"/> will hold declares them, so that the host refuses a report
/// table over a name it will never report (<c>clean.acc</c>) when it reads the benchmark, with the
/// nearest declared name as a suggestion, instead of printing an empty table after the run. An
/// evaluation that declares nothing is trusted: any name after its label is accepted.
/// </summary>
/// <typeparam name="TOptions">The plugin's options record.</typeparam>
public interface IDeclaresMetrics<in TOptions>
{
    /// <summary>The metric names (without the evaluation's label) a result for these options holds.</summary>
    static abstract IReadOnlyList<string> MetricsOf(TOptions options);
}
