namespace LossBench.Host.Search;

/// <summary>Scores one loss, given as a loss entry (`expr: { formula: ... }` or a named loss such as cross-entropy), with a training seed.</summary>
public interface ICandidateFitness
{
    /// <param name="loss">A loss entry as it would appear in a benchmark's `losses:` list.</param>
    /// <param name="seed">Seeds of this run (initial weights, data order, augmentation draws).</param>
    /// <param name="gated">Stop early (fitness 0) when training accuracy stays below the gate. Candidates are gated;
    /// references are not: they are the yardstick, and a reference that a hard augmentation slows down must
    /// still get its number rather than 0.</param>
    FitnessResult Evaluate(LossBench.Host.Options.ConfigNode loss, ulong seed, bool gated, CancellationToken cancellation);
}
