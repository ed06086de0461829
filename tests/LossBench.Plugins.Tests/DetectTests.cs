using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Tests;

/// <summary>The rank statistics worked out by hand, and the detector on balls, where s is known in closed form.</summary>
public sealed class DetectTests
{
    [Fact]
    public void Auroc_counts_the_pairs_a_positive_wins_and_ties_as_half()
    {
        // Positives 0.9, 0.8, 0.4 against negatives 0.7, 0.4, 0.2: 0.9 and 0.8 beat all three (3 + 3),
        // 0.4 beats 0.2 and ties 0.4 (1 + 0.5): 7.5 of 9 pairs.
        Expect.Close(7.5 / 9, DetectionStatistics.Auroc([0.9, 0.8, 0.4], [0.7, 0.4, 0.2]));
        // Reversed roles: 9 - 7.5 = 1.5 of 9.
        Expect.Close(1.5 / 9, DetectionStatistics.Auroc([0.7, 0.4, 0.2], [0.9, 0.8, 0.4]));
        Expect.Close(1, DetectionStatistics.Auroc([3, 4], [1, 2]));
        Expect.Close(0.5, DetectionStatistics.Auroc([1, 1], [1, 1, 1]));
        // Ties across several values: positives 1, 2, 2 against 2, 2, 3: 1 wins nothing; each 2 ties
        // two negatives (0.5 + 0.5) and loses to 3: 2 of 9.
        Expect.Close(2.0 / 9, DetectionStatistics.Auroc([1, 2, 2], [2, 2, 3]));
        Assert.True(double.IsNaN(DetectionStatistics.Auroc([], [1])));
    }

    [Fact]
    public void The_roc_steps_through_each_distinct_score_and_its_area_is_the_auroc()
    {
        // Positives 0.9, 0.8, 0.4; negatives 0.7, 0.4, 0.2. Flagging scores >= t for t = 0.9, 0.8,
        // 0.7, 0.4, 0.2 flags positives 1, 2, 2, 3, 3 of 3 and negatives 0, 0, 1, 2, 3 of 3; the tie
        // at 0.4 moves both at once.
        var (fpr, tpr) = DetectionStatistics.Roc([0.9, 0.8, 0.4], [0.7, 0.4, 0.2]);
        Assert.Equal([0, 0, 0, 1 / 3.0, 2 / 3.0, 1], fpr);
        Assert.Equal([0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1], tpr);
        // Trapezoids: 1/3 * 2/3 + 1/3 * (2/3 + 1) / 2 + 1/3 * 1 = 2/9 + 5/18 + 1/3 = 7.5/9, the AUROC with the tie as half.
        var area = 0.0;
        for (var i = 1; i < fpr.Length; i++) area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        Expect.Close(7.5 / 9, area);
        Assert.Empty(DetectionStatistics.Roc([], [1]).FalsePositiveRate);
    }

    [Fact]
    public void The_threshold_flags_the_chosen_fraction_of_negatives()
    {
        // 20 negatives 1..20, 5%: ceil(0.95 * 20) = 19, the 19th smallest is 19; only 20 lies above.
        var negatives = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        Expect.Close(19, DetectionStatistics.Threshold(negatives, 0.05));
        Expect.Close(1.0 / 20, DetectionStatistics.FlaggedFraction(negatives, 19));
        // 10 negatives, 25%: ceil(0.75 * 10) = 8, threshold 8; 9 and 10 lie above (20%, at most 25%).
        Expect.Close(8, DetectionStatistics.Threshold(negatives.Take(10).ToArray(), 0.25));
        Expect.Close(0.5, DetectionStatistics.FlaggedFraction([7, 8, 9, 10], 8));
    }

    /// <summary>Points at distances 0.05 to 0.15 (inside) or 0.3 to 0.4 (outside) from the centre 0.5 in four dimensions.</summary>
    private static double[][] Points(int count, bool inside)
    {
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var a = 0.7 * (i + 1);
            double[] u = [Math.Cos(a), Math.Sin(a), Math.Cos(2 * a), Math.Sin(3 * a)];
            var norm = Math.Sqrt(u.Sum(v => v * v));
            var distance = inside ? 0.05 + 0.1 * i / count : 0.3 + 0.1 * i / count;
            points[i] = u.Select(v => 0.5 + distance * v / norm).ToArray();
        }
        return points;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void On_a_ball_the_statistic_separates_perfectly_whichever_way_it_points(bool naturalOutside)
    {
        // Class 0 inside the ball |x - c| < 0.2 and class 1 outside (or the reverse). With F the
        // margin of the predicted class, F = rho^2 - |x - c|^2 inside the ball and its negative
        // outside, and F(x + v) + F(x - v) - 2 F(x) = -2 |v|^2 inside, +2 |v|^2 outside, exactly. Natural
        // images (class 0) are on one side, DeepFool's on the other: s is -2 r^2 for one set and +2 r^2
        // for the other. Perturbed images score higher when the naturals are inside (sign +1) and
        // lower otherwise (sign -1); either way the signed AUROC is 1.
        const double radius = 0.05;
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5, 0.5], 0.2, insideIsOne: naturalOutside);
        var points = Points(24, inside: !naturalOutside);
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var options = new DetectOptions { Radius = radius, Probes = 4, Clip = false };
        var result = new DetectEvaluation(options).Evaluate(model.Context(splits, batchSize: 10));

        var perturbedHigher = !naturalOutside;
        Expect.Close(24, result.Metrics["natural"]);
        Expect.Close(24, result.Metrics["perturbed"]);
        Expect.Close(perturbedHigher ? -2 * radius * radius : 2 * radius * radius, result.Metrics["natural-score"], rtol: 1e-9);
        Expect.Close(perturbedHigher ? 2 * radius * radius : -2 * radius * radius, result.Metrics["perturbed-score"], rtol: 1e-9);
        Expect.Close(perturbedHigher ? 1 : -1, result.Metrics["sign"]);
        Expect.Close(1, result.Metrics["auroc"]);
        Expect.Close(perturbedHigher ? 1 : 0, result.Metrics["auroc-raw"]);
        Expect.Close(1, result.Metrics["detection-rate@fpr=0.05"]);
        Expect.Close(0, result.Metrics["false-positive-rate"]);
        // Two classes: the runner-up and the only other class are both the true class 0.
        Expect.Close(1, result.Metrics["recovery-accuracy.runner-up"]);
        Expect.Close(1, result.Metrics["recovery-accuracy.noise"]);
        Expect.Close(1, result.Metrics["recovery-accuracy-all.runner-up"]);
    }

    [Fact]
    public void Misclassified_examples_are_left_out()
    {
        // Labels 1 on half the points: those are misclassified (the model says 0) and not used.
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5, 0.5], 0.2, insideIsOne: false);
        var points = Points(12, inside: true);
        var labels = Enumerable.Range(0, 12).Select(i => (long)(i % 2)).ToArray();
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var result = new DetectEvaluation(new DetectOptions { Radius = 0.05, Probes = 2, Clip = false }).Evaluate(model.Context(splits));
        Expect.Close(6, result.Metrics["natural"]);
        Expect.Close(6, result.Metrics["perturbed"]);
    }

    [Theory]
    [InlineData(0.2, 24)]
    [InlineData(0.01, 0)]
    public void With_pgd_the_perturbed_images_are_those_the_budget_can_push_out_of_the_ball(double epsilon, int fooled)
    {
        // Natural points lie 0.05 to 0.15 from the centre of a ball of radius 0.2 (class 0 inside). An
        // L-inf budget of 0.2 in four dimensions reaches an L2 distance of 0.4 (every coordinate moved
        // away from the centre), so PGD can carry every point out; 0.01 reaches at most 0.02 further
        // (0.17 < 0.2), so no point leaves. Outside the ball s = +2 r^2 exactly (the margin is
        // |x - c|^2 - rho^2 there, with no clipping of the probes).
        const double radius = 0.05;
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5, 0.5], 0.2, insideIsOne: false);
        var points = Points(24, inside: true);
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var options = new DetectOptions { Attack = DetectAttack.Pgd, Epsilon = epsilon, PgdSteps = 20, Radius = radius, Probes = 4, Clip = false };
        var result = new DetectEvaluation(options).Evaluate(model.Context(splits, batchSize: 10));

        Expect.Close(24, result.Metrics["natural"]);
        Expect.Close(fooled, result.Metrics["perturbed"]);
        if (fooled > 0)
        {
            Expect.Close(2 * radius * radius, result.Metrics["perturbed-score"], rtol: 1e-9);
            Expect.Close(1, result.Metrics["auroc"]);
        }
    }
}
