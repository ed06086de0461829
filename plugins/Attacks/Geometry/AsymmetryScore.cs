using LossBench.Plugins.Attacks.Gradient;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Scores of a batch: the curvature-asymmetry statistic and the two label-recovery rules.
/// </summary>
/// <param name="Statistic">s(x) [N].</param>
/// <param name="Predicted">The class c predicted at x [N].</param>
/// <param name="RunnerUp">The class with the second largest logit at x [N].</param>
/// <param name="NoiseRecovery">The class other than c whose logit rises most under the random probes [N].</param>
internal sealed record AsymmetryScores(Tensor Statistic, Tensor Predicted, Tensor RunnerUp, Tensor NoiseRecovery);

/// <summary>
/// The second difference of the margin under random probes:
/// s(x) = (1/m) sum_i [F(x + v_i) + F(x - v_i) - 2 F(x)], with v_i uniform on the l2 sphere of the
/// given radius and F(y) = f_c(y) - max_{j != c} f_j(y) the logit margin of the class c predicted
/// at x (c fixed, the runner-up taken afresh at each probe point). For a smooth F,
/// s(x) ~ radius^2 * mean curvature of F: it measures on which side the boundary bends. An image
/// just pushed across the boundary sits where F bends differently than in the middle of a class
/// region, which is what the detector looks for.
/// The same probes give the "noise" recovery rule: the class j != c with the largest mean
/// f_j(x + v) + f_j(x - v) - 2 f_j(x), the class whose logit increases most under random perturbation.
/// </summary>
internal static class AsymmetryScore
{
    public static AsymmetryScores Compute(Module<Tensor, Tensor> model, Tensor images, double radius, int probes, bool clip, Generator generator, string who)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var count = images.shape[0];
        var logits = GeometryExamples.Logits(model, images, who);
        var top = logits.topk(Math.Min(2, logits.shape[1]), 1).indices;
        var predicted = top.select(1, 0).contiguous();
        var runnerUp = top.select(1, top.shape[1] - 1).contiguous();
        var margin = AttackObjective.Margin(logits, predicted);
        var statistic = torch.zeros_like(margin);
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
            var plusLogits = both.narrow(0, 0, count);
            var minusLogits = both.narrow(0, count, count);
            statistic = (statistic + AttackObjective.Margin(plusLogits, predicted) + AttackObjective.Margin(minusLogits, predicted) - margin * 2).MoveToOuterDisposeScope();
            rise = (rise + plusLogits + minusLogits - logits * 2).MoveToOuterDisposeScope();
        }
        var noiseRecovery = rise.scatter(1, predicted.unsqueeze(1), double.NegativeInfinity).argmax(1);
        return new AsymmetryScores((statistic / probes).MoveToOuterDisposeScope(), predicted.MoveToOuterDisposeScope(),
            runnerUp.MoveToOuterDisposeScope(), noiseRecovery.MoveToOuterDisposeScope());
    }
}
