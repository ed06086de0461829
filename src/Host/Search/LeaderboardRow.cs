namespace LossBench.Host.Search;

/// <summary>One line of a search's leaderboard: a candidate's formula (or a reference's name), its fitness and size.</summary>
public sealed record LeaderboardRow(int? Rank, string Loss, double Fitness, int? Size, int? Candidate, FitnessStatus Status, bool IsReference);
