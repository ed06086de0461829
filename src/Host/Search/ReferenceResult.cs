namespace LossBench.Host.Search;

/// <summary>
/// A reference loss (cross-entropy, baikal) scored under the search's surrogate budget, with its
/// training accuracy over the last epoch before the gate (cross-entropy's sets a relative gate).
/// </summary>
public sealed record ReferenceResult(string Loss, double Fitness, FitnessStatus Status, double Seconds, string? Message = null, double? GateAccuracy = null);
