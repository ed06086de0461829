using System.Text.Json.Serialization;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Results;

/// <summary>One evaluation of a cell, cached by <see cref="ConfigHash"/> (its plugin, version and options after defaults).</summary>
public sealed record EvaluationRecord(string ConfigHash, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, Curve> Curves, double Seconds)
{
    /// <summary>
    /// The names of the per-example outcome sets this evaluation stored in the cell's predictions
    /// file (<see cref="PredictionStore"/>), e.g. <c>accuracy</c>; null when it stored none (an
    /// evaluation that does not classify examples one by one, or a record written before
    /// predictions were stored).
    /// </summary>
    [JsonPropertyName("examples")]
    public IReadOnlyList<string>? ExampleNames { get; init; }

    /// <summary>The outcomes themselves while a cell is being run; never in the JSON record (they go to the predictions file).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, ExampleOutcomes>? Examples { get; init; }
}
