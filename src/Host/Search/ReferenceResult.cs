namespace LossBench.Host.Search;

/// <summary>A reference loss (cross-entropy, baikal) scored under the search's surrogate budget.</summary>
public sealed record ReferenceResult(string Loss, double Fitness, FitnessStatus Status, double Seconds, string? Message = null);
