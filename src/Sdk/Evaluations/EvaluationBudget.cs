namespace LossBench.Sdk.Evaluations;

/// <summary>Limits of an evaluation run.</summary>
/// <param name="MaxExamples">Evaluate at most this many examples of a split (the first ones), or all when null.</param>
/// <param name="BatchSize">Batch size for forward and backward passes.</param>
public sealed record EvaluationBudget(int? MaxExamples = null, int BatchSize = 256);
