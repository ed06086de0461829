namespace LossBench.Host.Search;

/// <summary>
/// What a surrogate training run said about a loss: its fitness (best validation accuracy; 0 when
/// the run was gated, diverged or failed), the status and, for those, why; and its training accuracy
/// over the last epoch before the gate is checked (null when the run stopped before then), which for
/// cross-entropy sets a relative gate.
/// </summary>
public sealed record FitnessResult(double Fitness, FitnessStatus Status, double Seconds, string? Message = null, double? GateAccuracy = null);
