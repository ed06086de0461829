namespace LossBench.Sdk.Evaluations;

/// <summary>
/// What happened to each evaluated example under one metric (clean <c>accuracy</c>, an attack's
/// <c>accuracy@eps=0.1</c>), so that statistics over examples (paired bootstraps, McNemar tests)
/// can be computed from stored results alone. Four arrays of one length, one entry per example:
/// <list type="bullet">
/// <item><see cref="Index"/>: the example's 0-based index into the evaluated split;</item>
/// <item><see cref="Predicted"/>: the class the model predicted (arg-max; for an attack, on the attacked input);</item>
/// <item><see cref="LabelProbability"/>: p(label) of that prediction under the trained loss's link
/// (exp of the label's entry of <see cref="EvaluationContext.LogProbabilities"/>);</item>
/// <item><see cref="Correct"/>: whether the example counts as correct for the metric, so that the mean
/// of <see cref="Correct"/> is the metric (for robust accuracy: correct both clean and attacked, which
/// can be false where <see cref="Predicted"/> is the label).</item>
/// </list>
/// </summary>
public sealed record ExampleOutcomes(int[] Index, int[] Predicted, float[] LabelProbability, bool[] Correct)
{
    public int Count => Index.Length;

    /// <summary>This, when the four arrays have one length; otherwise an exception naming the lengths.</summary>
    public ExampleOutcomes Validate() =>
        Predicted.Length == Index.Length && LabelProbability.Length == Index.Length && Correct.Length == Index.Length
            ? this
            : throw new ArgumentException($"example outcomes need arrays of one length, got index {Index.Length}, predicted {Predicted.Length}, label-probability {LabelProbability.Length}, correct {Correct.Length}");

    /// <summary>The fraction of examples that are correct (the metric the outcomes belong to).</summary>
    public double Accuracy() => Count == 0 ? double.NaN : Correct.Count(c => c) / (double)Count;
}
