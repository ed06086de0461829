using LossBench.Plugins.Attacks.Gradient;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>How <see cref="ClassPathSearch"/> looks for a path.</summary>
/// <param name="Samples">Points checked on each segment, strictly between its ends, evenly spaced.</param>
/// <param name="Depth">Bisection depth: a segment that leaves the region is split at most this many times over.</param>
/// <param name="PushSteps">Linearised steps at most that move a midpoint back into the class region.</param>
/// <param name="Overshoot">Each push step goes 1 + overshoot times the linearised distance to the region's boundary.</param>
/// <param name="AnchorMargin">An anchor is pushed until its class margin exceeds this fraction of the smaller margin of the segment's ends (0: just inside the region).</param>
/// <param name="BatchSize">Points per forward pass.</param>
internal sealed record PathSettings(int Samples = 32, int Depth = 4, int PushSteps = 20, double Overshoot = 0.02, double AnchorMargin = 0.5, int BatchSize = 256);

/// <summary>The path found for one pair.</summary>
/// <param name="Connected">Whether every segment of the path stays in the class region (at the sampled points).</param>
/// <param name="Anchors">Points inserted between the ends; empty when the straight segment stays in the region.</param>
/// <param name="Deviation">The largest distance of an anchor from the straight segment between the ends, over the ends' distance (0 without anchors).</param>
internal sealed record PathResult(bool Connected, int Anchors, double Deviation);

/// <summary>
/// Searches a path between two points of one predicted class that stays in the class's region:
/// the straight segment is sampled at <c>samples</c> evenly spaced inner points; where one of them
/// is classified otherwise, the segment's midpoint is moved into the region by linearised steps on
/// the class margin M(x) = f_c(x) - max_{j != c} f_j(x): x += ((1 + overshoot) (t - M) + 1e-4) / ||grad M||^2 grad M,
/// clipped to [0, 1], until M &gt; t (DeepFool towards the class, with a margin target t), becomes an
/// anchor, and both halves are searched in turn, down to the depth limit. The target t is
/// <c>anchor-margin</c> times the smaller margin of the segment's two ends: an anchor pushed only
/// just across the boundary leaves both new segments grazing the boundary, so they fail again at
/// every depth; one pushed as deep into the region as its neighbours are does not. A pair is connected when every final segment
/// passes the check; it fails when a segment at the depth limit leaves the region or a midpoint cannot
/// be pushed back. All pairs advance together, one depth level at a time, so that the checks and
/// pushes of every open segment share batched forward and backward passes.
/// </summary>
internal static class ClassPathSearch
{
    private sealed record Segment(int Pair, Tensor Start, Tensor End, int Depth);

    /// <param name="starts">First ends [P, ...], on the model's device.</param>
    /// <param name="ends">Second ends [P, ...].</param>
    /// <param name="classes">The class both ends are predicted as [P].</param>
    public static PathResult[] Search(Module<Tensor, Tensor> model, Tensor starts, Tensor ends, Tensor classes, PathSettings settings, string who)
    {
        using var outer = torch.NewDisposeScope();
        var pairs = (int)starts.shape[0];
        var classOf = classes.cpu().ToArray<long>();
        var failed = new bool[pairs];
        var anchors = Enumerable.Range(0, pairs).Select(_ => new List<Tensor>()).ToArray();
        var open = Enumerable.Range(0, pairs).Select(p => new Segment(p, starts[p], ends[p], 0)).ToList();
        while (open.Count > 0)
        {
            open = open.Where(s => !failed[s.Pair]).ToList();
            var leaves = LeavesRegion(model, open, classOf, settings, who);
            var split = new List<Segment>();
            for (var i = 0; i < open.Count; i++)
            {
                if (!leaves[i]) continue;
                if (open[i].Depth >= settings.Depth) failed[open[i].Pair] = true;
                else split.Add(open[i]);
            }
            split = split.Where(s => !failed[s.Pair]).ToList();
            if (split.Count == 0) break;
            var classesOfSplit = split.Select(s => classOf[s.Pair]).ToArray();
            var startMargins = Margins(model, split.Select(s => s.Start).ToArray(), classesOfSplit, settings.BatchSize, who);
            var endMargins = Margins(model, split.Select(s => s.End).ToArray(), classesOfSplit, settings.BatchSize, who);
            var targets = startMargins.Zip(endMargins, (a, b) => settings.AnchorMargin * Math.Max(0, Math.Min(a, b))).ToArray();
            var (pushed, inside) = PushIntoRegion(model, split.Select(s => (s.Start + s.End) / 2).ToArray(), classesOfSplit, targets, settings, who);
            var next = new List<Segment>();
            for (var i = 0; i < split.Count; i++)
            {
                var segment = split[i];
                if (!inside[i])
                {
                    failed[segment.Pair] = true;
                    continue;
                }
                anchors[segment.Pair].Add(pushed[i]);
                next.Add(segment with { End = pushed[i], Depth = segment.Depth + 1 });
                next.Add(segment with { Start = pushed[i], Depth = segment.Depth + 1 });
            }
            open = next;
        }

        var results = new PathResult[pairs];
        for (var p = 0; p < pairs; p++)
        {
            var deviation = anchors[p].Count == 0 ? 0 : anchors[p].Max(a => DistanceFromSegment(a, starts[p], ends[p]));
            results[p] = new PathResult(!failed[p], anchors[p].Count, deviation);
        }
        return results;
    }

    /// <summary>||a - (s + t* (e - s))|| / ||e - s||, with t* the closest point's parameter clamped to [0, 1].</summary>
    internal static double DistanceFromSegment(Tensor point, Tensor start, Tensor end)
    {
        using var scope = torch.NewDisposeScope();
        var a = point.flatten().to(ScalarType.Float64);
        var s = start.flatten().to(ScalarType.Float64);
        var e = end.flatten().to(ScalarType.Float64);
        var direction = e - s;
        var lengthSquared = direction.square().sum().item<double>();
        var t = Math.Clamp((a - s).dot(direction).item<double>() / lengthSquared, 0, 1);
        return (a - s - direction * t).norm().item<double>() / Math.Sqrt(lengthSquared);
    }

    /// <summary>Whether any of each segment's sample points is predicted as another class.</summary>
    private static bool[] LeavesRegion(Module<Tensor, Tensor> model, List<Segment> segments, long[] classOf, PathSettings settings, string who)
    {
        var leaves = new bool[segments.Count];
        if (segments.Count == 0) return leaves;
        var samples = settings.Samples;
        var perBatch = Math.Max(1, settings.BatchSize / samples);
        for (var first = 0; first < segments.Count; first += perBatch)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var chunk = segments.Skip(first).Take(perBatch).ToArray();
            var start = torch.stack(chunk.Select(s => s.Start).ToArray());
            var end = torch.stack(chunk.Select(s => s.End).ToArray());
            var t = torch.arange(1, samples + 1, dtype: start.dtype, device: start.device) / (samples + 1);   // [S]
            var shape = new long[start.dim() + 1];
            Array.Fill(shape, 1L);
            shape[1] = samples;
            var points = start.unsqueeze(1) + (end - start).unsqueeze(1) * t.reshape(shape);         // [B, S, ...]
            var flat = points.flatten(0, 1);
            var predicted = GeometryExamples.Logits(model, flat, who).argmax(1).reshape(chunk.Length, samples);
            var expected = torch.tensor(chunk.Select(s => classOf[s.Pair]).ToArray(), [chunk.Length, 1], device: start.device);
            var outside = predicted.ne(expected).any(1).cpu().ToArray<bool>();
            Array.Copy(outside, 0, leaves, first, chunk.Length);
        }
        return leaves;
    }

    /// <summary>The class margins M of single points [...] of the given classes.</summary>
    private static double[] Margins(Module<Tensor, Tensor> model, Tensor[] points, long[] classes, int batchSize, string who)
    {
        var margins = new double[points.Length];
        for (var first = 0; first < points.Length; first += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var length = Math.Min(batchSize, points.Length - first);
            var x = torch.stack(points.Skip(first).Take(length).ToArray());
            var target = torch.tensor(classes.Skip(first).Take(length).ToArray(), device: x.device);
            var values = AttackObjective.Margin(GeometryExamples.Logits(model, x, who), target).to(Device.CPU, ScalarType.Float64).ToArray<double>();
            Array.Copy(values, 0, margins, first, length);
        }
        return margins;
    }

    /// <summary>
    /// Moves points into their class regions by linearised margin steps until each point's margin
    /// exceeds its target (see the class summary); returns the moved points (in the caller's scope)
    /// and whether each got there.
    /// </summary>
    internal static (Tensor[] Points, bool[] Inside) PushIntoRegion(Module<Tensor, Tensor> model, Tensor[] points, long[] classes, double[] targets, PathSettings settings, string who)
    {
        var moved = new Tensor[points.Length];
        var inside = new bool[points.Length];
        for (var first = 0; first < points.Length; first += settings.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(settings.BatchSize, points.Length - first);
            var x = torch.stack(points.Skip(first).Take(length).ToArray());
            var target = torch.tensor(classes.Skip(first).Take(length).ToArray(), device: x.device);
            var goal = torch.tensor(targets.Skip(first).Take(length).ToArray(), [length], x.dtype, x.device);
            var done = torch.zeros([length], ScalarType.Bool, x.device);
            for (var step = 0; step <= settings.PushSteps; step++)
            {
                var (margin, gradient) = GeometryExamples.ValueAndGradient(model, x, logits => AttackObjective.Margin(logits, target), who);
                done = margin.gt(goal);
                if (step == settings.PushSteps || done.all().item<bool>()) break;
                var squared = gradient.flatten(1).square().sum(1);
                // The small constant moves a point that sits exactly on its target (M = t) past it.
                var size = ((goal - margin).abs() * (1 + settings.Overshoot) + 1e-4) / (squared + 1e-24);
                var update = GeometryExamples.ScaleRows(gradient, size * done.logical_not().to(size.dtype));
                x = (x + update).clamp(0, 1).detach();
            }
            var inRegion = done.cpu().ToArray<bool>();
            for (var i = 0; i < length; i++)
            {
                inside[first + i] = inRegion[i];
                moved[first + i] = x[i].clone().MoveToOuterDisposeScope();
            }
        }
        return (moved, inside);
    }
}
