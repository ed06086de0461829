using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Whether the regions of the predicted classes are connected: pairs of images with the same
/// predicted class are drawn from the first <c>examples</c> of the split (in an order drawn from the
/// evaluation's generator, consecutive images of one class pair up), and <see cref="ClassPathSearch"/>
/// looks for a path between them inside the class region. Metrics:
/// <list type="bullet">
/// <item><c>connected-fraction</c>: the fraction of pairs connected within the depth limit;</item>
/// <item><c>straight-fraction</c>: the fraction whose straight segment already stays in the region;</item>
/// <item><c>mean-anchors</c>: anchors per connected path;</item>
/// <item><c>mean-deviation</c>, <c>max-deviation</c>: over connected paths, the mean and the largest of
/// each path's largest anchor distance from the straight segment, relative to the pair's distance
/// (0 for a straight path);</item>
/// <item><c>pairs</c>: how many pairs were tried.</item>
/// </list>
/// </summary>
[Plugin("connectivity", Summary = "Connects same-class image pairs by paths inside the class region (anchors pushed back by margin steps): connected fraction, anchors, deviation from the straight line")]
public sealed class ConnectivityEvaluation(ConnectivityOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        const string who = "connectivity";
        var selection = AttackExamples.Select(context, options.Split, options.Examples, who);
        var (split, count) = (selection.Split, selection.Count);
        var predicted = new List<long>();
        foreach (var (start, length) in selection.Batches())
        {
            using var scope = torch.NewDisposeScope();
            predicted.AddRange(context.Logits(split.Images.narrow(0, start, length)).argmax(1).cpu().ToArray<long>());
        }

        using var permutation = torch.randperm(count, context.Generator);
        var waiting = new Dictionary<long, long>();
        var pairs = new List<(long First, long Second)>();
        foreach (var i in permutation.ToArray<long>())
        {
            if (pairs.Count == options.Pairs) break;
            if (waiting.Remove(predicted[(int)i], out var partner)) pairs.Add((partner, i));
            else waiting[predicted[(int)i]] = i;
        }
        if (pairs.Count == 0)
            throw new InvalidOperationException($"{who}: no two of the {count} examples share a predicted class, so there is no pair to connect");

        PathResult[] results;
        using (var scope = torch.NewDisposeScope())
        {
            using var first = torch.tensor(pairs.Select(p => p.First).ToArray());
            using var second = torch.tensor(pairs.Select(p => p.Second).ToArray());
            var starts = split.Images.index_select(0, first).to(context.Device);
            var ends = split.Images.index_select(0, second).to(context.Device);
            var classes = torch.tensor(pairs.Select(p => predicted[(int)p.First]).ToArray(), device: context.Device);
            var settings = new PathSettings(options.Samples, options.Depth, options.PushSteps, options.Overshoot, options.AnchorMargin, context.Budget.BatchSize);
            results = ClassPathSearch.Search(context.Model, starts, ends, classes, settings, who);
        }

        var connected = results.Where(r => r.Connected).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["connected-fraction"] = (double)connected.Length / results.Length,
            ["straight-fraction"] = (double)connected.Count(r => r.Anchors == 0) / results.Length,
            ["mean-anchors"] = GeometryExamples.Mean(connected.Select(r => (double)r.Anchors).ToArray()),
            ["mean-deviation"] = GeometryExamples.Mean(connected.Select(r => r.Deviation).ToArray()),
            ["max-deviation"] = connected.Length == 0 ? double.NaN : connected.Max(r => r.Deviation),
            ["pairs"] = results.Length,
        };
        return EvaluationResult.Of(metrics);
    }
}
