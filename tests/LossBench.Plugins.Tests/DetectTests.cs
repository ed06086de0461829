using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>The rank statistics worked out by hand, and the detector on balls and a three-class model, where rho_i is known in closed form.</summary>
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
    public void On_a_ball_the_predicted_sign_holds_only_when_the_natural_images_see_the_other_class_bulge(bool naturalOutside)
    {
        // Class 0 inside the ball |x - c| < 0.2 and class 1 outside (or the reverse). The logit gap is
        // +-(rho^2 - |x - c|^2), whose second difference along +-v is -+2 |v|^2 exactly and whose gradient
        // has norm 2 |x - c|, so rho_i = -+1 / |x - c| and its unnormalized form -+2.
        // Natural images outside the ball (class 1 a convex bulge): at them F_1 = rho^2 - |x - c|^2 bends
        // down (rho_1 = -2); at the DeepFool images inside, F_0 = |x - c|^2 - rho^2 bends up (+2): the
        // paper's asymmetry, so the fixed sign detects everything. Natural images inside the ball: the
        // reverse (+2 natural, -2 perturbed), the predicted sign ranks every pair wrongly (AUROC 0) and
        // only the fitted sign (-1) separates them.
        const double radius = 0.05;
        using var model = GeometryModel.Ball([0.5, 0.5, 0.5, 0.5], 0.2, insideIsOne: naturalOutside);
        var points = Points(24, inside: !naturalOutside);
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var options = new DetectOptions { Radius = radius, Probes = 4, Clip = false };
        var result = new DetectEvaluation(options).Evaluate(model.Context(splits, batchSize: 10));

        var predicted = naturalOutside;
        Expect.Close(24, result.Metrics["natural"]);
        Expect.Close(24, result.Metrics["perturbed"]);
        var inverseDistance = points.Average(p => 1 / Math.Sqrt(p.Sum(v => (v - 0.5) * (v - 0.5))));
        Expect.Close(predicted ? -inverseDistance : inverseDistance, result.Metrics["natural-score"], rtol: 1e-9);
        Assert.True(predicted ? result.Metrics["perturbed-score"] > 0 : result.Metrics["perturbed-score"] < 0);
        Expect.Close(predicted ? 1 : 0, result.Metrics["auroc.unnormalized"]);
        Expect.Close(predicted ? 1 : 0, result.Metrics["auroc"]);
        // (No false-positive rate here: the natural scores are all -+2 up to rounding, so which of them
        // lie above the calibration quantile is decided by rounding.)
        Expect.Close(predicted ? 1 : 0, result.Metrics["detection-rate@fpr=0.05"]);
        Expect.Close(predicted ? 1 : -1, result.Metrics["sign.fitted"]);
        Expect.Close(1, result.Metrics["auroc.fitted-sign"]);
        Expect.Close(1, result.Metrics["detection-rate@fpr=0.05.fitted-sign"]);
        // Two classes: every rule names the only other class, the true class 0; chance is 1 / (2 - 1).
        Expect.Close(1, result.Metrics["recovery-accuracy-all"]);
        Expect.Close(1, result.Metrics["recovery-accuracy-all.runner-up"]);
        Expect.Close(1, result.Metrics["recovery-accuracy.chance"]);
        if (predicted) Expect.Close(1, result.Metrics["recovery-accuracy"]);
        else Assert.True(double.IsNaN(result.Metrics["recovery-accuracy"])); // nothing flagged
    }

    [Fact]
    public void With_three_classes_the_geometric_rule_recovers_the_label_where_the_runner_up_does_not()
    {
        // Logits f_0 = 0.5 - x_1 + |x_p - c|^2 (x_p = x_2..x_4, c = 0.5), f_1 = 0, f_2 = 0.1 x_4 - 0.2.
        // Natural points: x_1 in [0.20, 0.28], x_p = c, so f = (0.5 - x_1, 0, -0.15): class 0. DeepFool's
        // nearest boundary is class 1's (gap 0.5 - x_1 along gradient -e_1, against (0.65 - x_1) / 1.005
        // for class 2); its step (0.5 - x_1) e_1 doubled by overshoot 1 lands at x_1' = 1 - x_1 in
        // [0.72, 0.80], where f = (x_1 - 0.5, 0, -0.15) with x_1 - 0.5 <= -0.22: predicted 1, runner-up 2,
        // true label 0. At the perturbed point (k = 1): F_0 = f_0 bends up (second differences
        // 2 |v_p|^2 > 0, gradient -e_1), and F_2 = f_2 is linear: rho_2 = 0 < rho_0, so the geometric rule
        // says 0 (right) and the runner-up 2 (wrong). At a natural point (k = 0): F_1 = -f_0 and
        // F_2 = f_2 - f_0 both have second differences -2 |v_p|^2 < 0, so every perturbed image outscores
        // every natural one.
        using var model = GeometryModel.Custom(x =>
        {
            var f0 = x.select(1, 0).neg() + 0.5 + (x.narrow(1, 1, 3) - 0.5).square().sum(1);
            return torch.stack([f0, torch.zeros_like(f0), x.select(1, 3) * 0.1 - 0.2], 1);
        });
        var points = Enumerable.Range(0, 12).Select(i => new[] { 0.20 + 0.08 * i / 11, 0.5, 0.5, 0.5 }).ToArray();
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var options = new DetectOptions { Radius = 0.05, Probes = 4, Clip = false, Overshoot = 1 };
        var result = new DetectEvaluation(options).Evaluate(model.Context(splits));

        Expect.Close(12, result.Metrics["perturbed"]);
        Expect.Close(1, result.Metrics["auroc"]);
        Expect.Close(1, result.Metrics["detection-rate@fpr=0.05"]);
        Expect.Close(1, result.Metrics["recovery-accuracy"]);
        Expect.Close(1, result.Metrics["recovery-accuracy-all"]);
        Expect.Close(0, result.Metrics["recovery-accuracy.runner-up"]);
        Expect.Close(0, result.Metrics["recovery-accuracy-all.runner-up"]);
        Expect.Close(0.5, result.Metrics["recovery-accuracy.chance"]);
        Assert.True(result.Metrics["perturbed-score"] > 0);
        Assert.True(result.Metrics["natural-score"] < 0);
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
        // (0.17 < 0.2), so no point leaves. Outside the ball (k = 1) F_0 = rho^2 - |x - c|^2, whose
        // rho_0 is -1 / |x - c| < 0 with unclipped probes; inside, F_1 has rho_1 = +1 / |x - c| > 0: the
        // predicted sign ranks every pair wrongly, the fitted one rightly.
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
            Assert.True(result.Metrics["perturbed-score"] < 0);
            Expect.Close(0, result.Metrics["auroc"]);
            Expect.Close(1, result.Metrics["auroc.fitted-sign"]);
        }
    }
}
