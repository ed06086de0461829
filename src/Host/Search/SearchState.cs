namespace LossBench.Host.Search;

/// <summary>
/// Everything a search needs to continue exactly where it stopped: the generator's state after the
/// last evaluation, every evaluated candidate (history), the population (indices into the history,
/// oldest first), the references, and a fingerprint of the settings it was started with (resuming
/// with other settings would mix two searches). Saved atomically after every evaluation.
/// </summary>
public sealed record SearchState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string Augmentation { get; init; }
    public required string Settings { get; init; }
    public required IReadOnlyList<ulong> Random { get; init; }
    public IReadOnlyList<ReferenceResult> References { get; init; } = [];
    public IReadOnlyList<SearchMember> History { get; init; } = [];
    public IReadOnlyList<int> Population { get; init; } = [];

    /// <summary>
    /// The training accuracy candidates must reach after the gate epochs (null: no gate), fixed before the
    /// first candidate: for a relative gate, the fraction of cross-entropy's accuracy measured in this
    /// search, so a resumed search gates as the uninterrupted one did.
    /// </summary>
    public double? GateThreshold { get; init; }

    /// <summary>Candidates the integrity check turned down (never trained).</summary>
    public long Rejected { get; init; }

    public static SearchState Start(string augmentation, string settings, ulong seed) =>
        new() { Augmentation = augmentation, Settings = settings, Random = new SearchRandom(seed).State };
}
