namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>Rank statistics of a detector score: higher scores are to mean "perturbed".</summary>
internal static class DetectionStatistics
{
    /// <summary>
    /// The area under the ROC curve: the probability that a random positive scores higher than a
    /// random negative, ties counted half. Computed from ranks (Mann-Whitney U): with mid-ranks of
    /// all scores pooled, AUROC = (sum of positive ranks - P (P + 1) / 2) / (P N).
    /// </summary>
    public static double Auroc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        var pooled = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false)))
            .OrderBy(p => p.Score).ToArray();
        double positiveRanks = 0;
        for (var i = 0; i < pooled.Length;)
        {
            var j = i;
            while (j + 1 < pooled.Length && pooled[j + 1].Score == pooled[i].Score) j++;
            // Ranks i+1 .. j+1 are tied: each gets their mean.
            var midRank = (i + j + 2) / 2.0;
            for (var t = i; t <= j; t++)
                if (pooled[t].Positive) positiveRanks += midRank;
            i = j + 1;
        }
        double p = positives.Count, n = negatives.Count;
        return (positiveRanks - p * (p + 1) / 2) / (p * n);
    }

    /// <summary>
    /// The threshold that flags at most a fraction <paramref name="falsePositiveRate"/> of the
    /// negatives: the ceil((1 - rate) N)-th smallest negative score; a score strictly above it is
    /// flagged, so ties with it are not.
    /// </summary>
    public static double Threshold(IReadOnlyList<double> negatives, double falsePositiveRate)
    {
        if (negatives.Count == 0) return double.NaN;
        var sorted = negatives.Order().ToArray();
        var rank = (int)Math.Ceiling((1 - falsePositiveRate) * sorted.Length - 1e-9);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The fraction of scores strictly above the threshold.</summary>
    public static double FlaggedFraction(IReadOnlyList<double> scores, double threshold) =>
        scores.Count == 0 ? double.NaN : (double)scores.Count(s => s > threshold) / scores.Count;

    /// <summary>
    /// The ROC curve of the score: (false-positive rate, detection rate) when flagging every score at
    /// or above each distinct score in turn, from (0, 0) (nothing flagged) to (1, 1). Tied scores
    /// move both rates in one step, a diagonal segment, so the trapezoid area under the curve is
    /// <see cref="Auroc"/> with ties counted half. Empty when either side has no scores.
    /// </summary>
    public static (double[] FalsePositiveRate, double[] DetectionRate) Roc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0) return ([], []);
        var thresholds = positives.Concat(negatives).Distinct().OrderDescending().ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        foreach (var threshold in thresholds)
        {
            fpr.Add((double)negatives.Count(s => s >= threshold) / negatives.Count);
            tpr.Add((double)positives.Count(s => s >= threshold) / positives.Count);
        }
        return (fpr.ToArray(), tpr.ToArray());
    }
}
