using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Results;

/// <summary>One evaluation of a cell, cached by <see cref="ConfigHash"/> (its plugin, version and options after defaults).</summary>
public sealed record EvaluationRecord(string ConfigHash, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, Curve> Curves, double Seconds);
