using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Datasets;

namespace LossBench.Plugins.Tests;

/// <summary>Class-region paths on convex regions (affine classifiers) and on a region with a hole.</summary>
public sealed class ConnectivityTests
{
    [Fact]
    public void Every_pair_of_a_linear_classifier_connects_in_a_straight_line()
    {
        // The class regions of an affine classifier are intersections of half-spaces: convex, so
        // the segment between two points of one class never leaves it.
        double[][] weights =
        [
            [0.8, -0.3, 0.1, 0.4, -0.2],
            [0.1, 0.6, -0.5, 0.2, 0.3],
            [-0.4, 0.2, 0.7, -0.1, 0.5],
        ];
        using var model = GeometryModel.Affine(weights.SelectMany(r => r).ToArray(), [0.05, -0.02, 0.01]);
        var random = new Random(11);
        var points = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var labels = new long[points.Length];
        using var splits = new DataSplits(GeometryModel.Split(points, labels), GeometryModel.Split(points, labels));
        var result = new ConnectivityEvaluation(new ConnectivityOptions { Pairs = 12, Samples = 50 }).Evaluate(model.Context(splits, batchSize: 64));
        Assert.True(result.Metrics["pairs"] >= 10, $"only {result.Metrics["pairs"]} pairs");
        Expect.Close(1, result.Metrics["connected-fraction"]);
        Expect.Close(1, result.Metrics["straight-fraction"]);
        Expect.Close(0, result.Metrics["mean-anchors"]);
        Expect.Close(0, result.Metrics["max-deviation"]);
    }

    [Fact]
    public void A_region_with_a_hole_needs_an_anchor_around_it()
    {
        // Class 0 is the plane outside the disc |x - c| < 0.2, c = (0.5, 0.5), with margin
        // M(x) = |x - c|^2 - 0.04. The segment from a = (0.1, 0.45) to b = (0.9, 0.45) crosses the disc;
        // its midpoint m = (0.5, 0.45) has M = 0.0025 - 0.04 = -0.0375 and grad M = 2 (m - c) = (0, -0.1),
        // |grad M|^2 = 0.01. Both ends have M = 0.1625 - 0.04 = 0.1225.
        // anchor-margin 0 (target t = 0): one push step of ((1.02 * 0.0375) + 1e-4) / 0.01 * (0, -0.1)
        // = (0, -0.3835) moves m to (0.5, 0.0665), outside the disc.
        // anchor-margin 0.5 (t = 0.06125): the step (1.02 * 0.09875 + 1e-4) / 0.01 * (0, -0.1) = (0, -1.00825)
        // leaves the box and is clipped to (0.5, 0), where M = 0.21 > t.
        // Either way both halves then miss the disc (they pass at least 0.3 from c): one anchor, at
        // distance 0.3835 or 0.45 from the segment, whose length is 0.8.
        using var model = GeometryModel.Ball([0.5, 0.5], 0.2);
        double[][] points = [[0.1, 0.45], [0.9, 0.45]];
        using var splits = new DataSplits(GeometryModel.Split(points, [0, 0]), GeometryModel.Split(points, [0, 0]));
        foreach (var (anchorMargin, deviation) in new[] { (0.0, 0.3835 / 0.8), (0.5, 0.45 / 0.8) })
        {
            var result = new ConnectivityEvaluation(new ConnectivityOptions { Samples = 64, AnchorMargin = anchorMargin }).Evaluate(model.Context(splits));
            Expect.Close(1, result.Metrics["pairs"]);
            Expect.Close(1, result.Metrics["connected-fraction"]);
            Expect.Close(0, result.Metrics["straight-fraction"]);
            Expect.Close(1, result.Metrics["mean-anchors"]);
            Expect.Close(deviation, result.Metrics["max-deviation"], rtol: 1e-9, what: $"deviation with anchor-margin {anchorMargin}");
        }

        // Without bisection depth the straight segment is the only path: not connected.
        var straight = new ConnectivityEvaluation(new ConnectivityOptions { Samples = 64, Depth = 0 }).Evaluate(model.Context(splits));
        Expect.Close(0, straight.Metrics["connected-fraction"]);
        Assert.True(double.IsNaN(straight.Metrics["mean-anchors"]));
    }

    [Fact]
    public void The_distance_from_a_segment_is_measured_to_its_nearest_point()
    {
        using var scope = LossBench.Torch.torch.NewDisposeScope();
        var start = LossBench.Torch.torch.tensor(new[] { 0.0, 0 }, [2], LossBench.Torch.ScalarType.Float64);
        var end = LossBench.Torch.torch.tensor(new[] { 2.0, 0 }, [2], LossBench.Torch.ScalarType.Float64);
        // (1, 1) is 1 from the segment; (3, 1) is sqrt(2) from its end; both over the length 2.
        Expect.Close(0.5, ClassPathSearch.DistanceFromSegment(LossBench.Torch.torch.tensor(new[] { 1.0, 1 }, [2], LossBench.Torch.ScalarType.Float64), start, end));
        Expect.Close(Math.Sqrt(2) / 2, ClassPathSearch.DistanceFromSegment(LossBench.Torch.torch.tensor(new[] { 3.0, 1 }, [2], LossBench.Torch.ScalarType.Float64), start, end));
    }
}
