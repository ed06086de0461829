using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Scores of a batch: the curvature-asymmetry statistic and the two label-recovery rules.
/// </summary>
/// <param name="Curvatures">rho_i(x) for every class i [N, classes] (rho_k = 0 for the predicted class k).</param>
/// <param name="Statistic">s(x) = max over i != k of rho_i(x) [N]: high means "perturbed".</param>
/// <param name="StatisticUnnormalized">The same with rho_i not divided by ||grad F_i(x)|| [N].</param>
/// <param name="GeometricUnnormalized">The argmax of the unnormalized rho_i [N].</param>
/// <param name="Predicted">The class k predicted at x [N].</param>
/// <param name="RunnerUp">The class with the second largest logit at x [N] (the baseline recovery rule).</param>
/// <param name="Geometric">argmax over i != k of rho_i(x) [N]: the class whose F_i shows the asymmetry (the geometric recovery rule).</param>
internal sealed record AsymmetryScores(Tensor Curvatures, Tensor Statistic, Tensor Predicted, Tensor RunnerUp, Tensor Geometric,
    Tensor StatisticUnnormalized, Tensor GeometricUnnormalized);

/// <summary>
/// The per-class curvature statistic of Fawzi et al. (CVPR 2018, section 5): with k the class
/// predicted at x and F_i = f_i - f_k for each class i (k held fixed, every class i followed across
/// all probes, no max taken at the probes),
/// rho_i(x) = (1 / (m r^2 ||grad F_i(x)||)) sum_j [F_i(x + v_j) + F_i(x - v_j) - 2 F_i(x)]
/// with v_j uniform on the l2 sphere of radius r: for a smooth F_i this is the mean of
/// u^T H_i u / ||grad F_i|| over unit directions u, the mean curvature at scale r of the level set of
/// F_i through x (the boundary between k and i when x lies on it), as the curvature evaluation
/// normalises it. Without the division the class whose logits vary fastest would win the argmax
/// whatever the shape of its boundary; that form is kept as a labelled control.
/// The asymmetry the paper exploits: at a natural image every F_i (i != k) bends down or not at
/// all, while at an image pushed just across the boundary out of class c the function F_c, the
/// same boundary seen from its other side, bends up. So a large max_i rho_i flags a perturbed
/// image (the sign fixed in advance), and its argmax is the recovered label.
/// </summary>
internal static class AsymmetryScore
{
    public static AsymmetryScores Compute(Module<Tensor, Tensor> model, Tensor images, double radius, int probes, bool clip, Generator generator, string who)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var count = images.shape[0];
        var logits = GeometryExamples.Logits(model, images, who);
        if (logits.shape[1] < 2) throw new InvalidOperationException($"{who}: the model has {logits.shape[1]} class; the curvature asymmetry needs at least 2");
        var top = logits.topk(2, 1).indices;
        var predicted = top.select(1, 0).contiguous();
        var runnerUp = top.select(1, 1).contiguous();
        // The second difference of every logit, summed over the probes; F_i's is then rise_i - rise_k.
        var rise = torch.zeros_like(logits);
        for (var i = 0; i < probes; i++)
        {
            using var probeScope = torch.NewDisposeScope();
            var direction = torch.randn(images.shape, generator, images.dtype).to(images.device);
            direction = GeometryExamples.ScaleRows(direction, radius / GeometryExamples.RowNorm(direction));
            var plus = images + direction;
            var minus = images - direction;
            if (clip)
            {
                plus = plus.clamp(0, 1);
                minus = minus.clamp(0, 1);
            }
            var both = GeometryExamples.Logits(model, torch.cat([plus, minus]), who);
            rise = (rise + both.narrow(0, 0, count) + both.narrow(0, count, count) - logits * 2).MoveToOuterDisposeScope();
        }
        var unnormalized = ((rise - rise.gather(1, predicted.unsqueeze(1))) / (probes * radius * radius)).to(ScalarType.Float64);
        // ||grad F_i(x)|| for each class, one backward pass per class (F_k = 0 has none; it is left out below).
        var classes = logits.shape[1];
        var norms = new List<Tensor>();
        for (var i = 0; i < classes; i++)
        {
            var target = torch.full_like(predicted, i);
            var (_, gradient) = GeometryExamples.ValueAndGradient(model, images, l => l.gather(1, target.unsqueeze(1)).squeeze(1) - l.gather(1, predicted.unsqueeze(1)).squeeze(1), who);
            norms.Add(GeometryExamples.RowNorm(gradient).to(ScalarType.Float64));
        }
        // A critical point of F_i (zero gradient) has no level-set curvature; the floor keeps it finite.
        var curvatures = unnormalized / torch.stack(norms, 1).clamp_min(1e-12);
        var (statistic, geometric) = curvatures.scatter(1, predicted.unsqueeze(1), double.NegativeInfinity).max(1);
        var (statisticRaw, geometricRaw) = unnormalized.scatter(1, predicted.unsqueeze(1), double.NegativeInfinity).max(1);
        return new AsymmetryScores(curvatures.MoveToOuterDisposeScope(), statistic.MoveToOuterDisposeScope(), predicted.MoveToOuterDisposeScope(),
            runnerUp.MoveToOuterDisposeScope(), geometric.MoveToOuterDisposeScope(), statisticRaw.MoveToOuterDisposeScope(), geometricRaw.MoveToOuterDisposeScope());
    }
}
