namespace LossBench.Host.Search;

/// <summary>
/// What a surrogate training run said about a loss: its fitness (best validation accuracy; 0 when
/// the run was gated, diverged or failed), the status and, for those, why.
/// </summary>
public sealed record FitnessResult(double Fitness, FitnessStatus Status, double Seconds, string? Message = null);
