namespace LossBench.Host.Search;

/// <summary>Scores one loss, given as a loss entry (`expr: { formula: ... }` or a named loss such as cross-entropy), with a training seed.</summary>
public interface ICandidateFitness
{
    /// <param name="loss">A loss entry as it would appear in a benchmark's `losses:` list.</param>
    /// <param name="seed">Seeds of this run (initial weights, data order, augmentation draws).</param>
    /// <param name="gate">The training accuracy the run must reach after the gate epochs, else it stops with fitness 0;
    /// null: no gate. Candidates are gated; references are not: they are the yardstick, and a reference that a hard
    /// augmentation slows down must still get its number rather than 0 (and cross-entropy's training accuracy at the
    /// gate epoch sets a relative gate).</param>
    /// <returns>The fitness, and the training accuracy over the gate epoch when the run got that far.</returns>
    FitnessResult Evaluate(LossBench.Host.Options.ConfigNode loss, ulong seed, double? gate, CancellationToken cancellation);
}
