namespace LossBench.Host.Search;

/// <summary>
/// The integrity check of the loss-search literature, on the two-class toy of
/// <see cref="LossGraph.ToyCurve"/> (1,000 points, x the probability of the wrong class). A curve is
/// rejected when it is not finite everywhere; has more than <see cref="MaxZeroDifferences"/> zero
/// differences between neighbours (a plateau: no gradient to learn from); has an extremum in the middle
/// 2% (0.49 &lt; x &lt; 0.51, the decision boundary); changes the sign of its slope more than
/// <see cref="MaxSlopeSignChanges"/> times; or has no direction (equal ends). A curve that falls from
/// x ≈ 0 to x ≈ 1 points the wrong way and is flipped (sign -1). Last, a curve whose min-max
/// normalized form is within <see cref="DuplicateDistance"/> (largest pointwise difference) of a
/// member's is a duplicate.
/// The curve is computed through the `expr` plugin's own functions (<see cref="SearchSpace"/>) in float64,
/// all 2,000 values of a graph in one tensor evaluation per node, cheap enough to run on every mutation
/// attempt; only the curve's tests below are in doubles.
/// </summary>
public static class IntegrityCheck
{
    public const int MaxZeroDifferences = 10;
    public const int MaxSlopeSignChanges = 2;
    public const double DuplicateDistance = 0.01;
    public const double MiddleLow = 0.49;
    public const double MiddleHigh = 0.51;

    /// <summary>
    /// A difference counts as zero when it is below what float32 (the training precision) resolves at
    /// the values compared: a curve that saturates in doubles by 1e-12 per step is flat in training.
    /// </summary>
    private const double Float32Resolution = 1.2e-7;

    public static IntegrityResult Check(LossGraph graph, IEnumerable<double[]>? members = null) => Check(graph.ToyCurve(), members);

    /// <param name="curve">The loss at x = (i + 0.5) / n, i = 0 .. n-1.</param>
    /// <param name="members">Normalized curves of the population's members, for the duplicate test.</param>
    public static IntegrityResult Check(IReadOnlyList<double> curve, IEnumerable<double[]>? members = null)
    {
        var n = curve.Count;
        if (n < 3) throw new ArgumentException("a toy curve needs at least 3 points", nameof(curve));
        for (var i = 0; i < n; i++)
            if (!double.IsFinite(curve[i])) return IntegrityResult.Reject($"not finite at x = {X(i, n):0.####}");

        var zeros = 0;
        var signChanges = 0;
        var lastSign = 0;
        for (var i = 0; i + 1 < n; i++)
        {
            var difference = curve[i + 1] - curve[i];
            var scale = Math.Max(Math.Abs(curve[i]), Math.Abs(curve[i + 1]));
            if (Math.Abs(difference) <= Float32Resolution * scale)
            {
                zeros++;
                continue;
            }
            var sign = Math.Sign(difference);
            if (lastSign != 0 && sign != lastSign)
            {
                signChanges++;
                // The slope turns at the point between the two differences.
                if (InMiddle(X(i, n))) return IntegrityResult.Reject($"an extremum in the middle 2% (x = {X(i, n):0.####})");
            }
            lastSign = sign;
        }
        if (zeros > MaxZeroDifferences) return IntegrityResult.Reject($"a plateau: {zeros} zero differences (more than {MaxZeroDifferences})");
        if (signChanges > MaxSlopeSignChanges) return IntegrityResult.Reject($"the slope changes sign {signChanges} times (more than {MaxSlopeSignChanges})");

        int argMin = 0, argMax = 0;
        for (var i = 1; i < n; i++)
        {
            if (curve[i] < curve[argMin]) argMin = i;
            if (curve[i] > curve[argMax]) argMax = i;
        }
        if (InMiddle(X(argMin, n))) return IntegrityResult.Reject($"its minimum is in the middle 2% (x = {X(argMin, n):0.####})");
        if (InMiddle(X(argMax, n))) return IntegrityResult.Reject($"its maximum is in the middle 2% (x = {X(argMax, n):0.####})");

        var first = curve[0];
        var last = curve[n - 1];
        if (last == first) return IntegrityResult.Reject("no direction: equal values at both ends");
        var flip = last < first ? -1 : 1;

        var low = curve[flip > 0 ? argMin : argMax] * flip;
        var range = (curve[argMax] - curve[argMin]);
        var normalized = new double[n];
        for (var i = 0; i < n; i++) normalized[i] = (curve[i] * flip - low) / range;

        foreach (var member in members ?? [])
        {
            if (member.Length != n) continue;
            var distance = 0.0;
            for (var i = 0; i < n && distance < DuplicateDistance; i++) distance = Math.Max(distance, Math.Abs(member[i] - normalized[i]));
            if (distance < DuplicateDistance) return IntegrityResult.Reject($"a duplicate: within {DuplicateDistance} of a member's normalized curve");
        }
        return new IntegrityResult(true, flip, null, normalized);
    }

    private static double X(int i, int n) => (i + 0.5) / n;

    private static bool InMiddle(double x) => x > MiddleLow && x < MiddleHigh;
}
