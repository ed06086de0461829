namespace LossBench.Host.Search;

/// <summary>
/// The evolution's budget: population size, tournament sample size, evaluations in all (the initial
/// population included), the references to score, and the candidates' early-stop gate.
/// </summary>
public sealed record EvolutionSettings(int Population, int SampleSize, int Evaluations, IReadOnlyList<string> References, GateRule Gate)
{
    /// <summary>Random graphs (or mutations) drawn in a row without one passing the integrity check before the search gives up.</summary>
    public const int MaxIntegrityRejections = 100_000;

    /// <summary>Mutations in a row (each of the last rejected child) before a retry starts again from the parent.</summary>
    public const int WalkLength = 8;
}
