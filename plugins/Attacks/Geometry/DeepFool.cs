using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>The norm DeepFool minimises.</summary>
public enum DeepFoolNorm
{
    /// <summary>Euclidean: each step moves along w to the nearest linearised boundary.</summary>
    L2,
    /// <summary>Maximum norm: each step moves along sign(w), the dual (l1) distance chooses the class.</summary>
    Linf,
}

/// <summary>How DeepFool runs.</summary>
/// <param name="Norm">The norm minimised.</param>
/// <param name="Overshoot">The accumulated perturbation is scaled by 1 + overshoot so that the point crosses the boundary rather than landing on it.</param>
/// <param name="MaxIterations">Linearisation steps per example at most.</param>
/// <param name="Candidates">Classes considered: the original class and the next strongest ones by the clean logits (all classes when the model has fewer).</param>
internal sealed record DeepFoolSettings(DeepFoolNorm Norm = DeepFoolNorm.L2, double Overshoot = 0.02, int MaxIterations = 50, int Candidates = 10);

/// <summary>
/// DeepFool's result for a batch, on the images' device, in the dispose scope that called
/// <see cref="DeepFool.Run"/>.
/// </summary>
/// <param name="Adversarial">The perturbed images, in [0, 1].</param>
/// <param name="Original">The class predicted on the clean image [N] (the class DeepFool moves away from).</param>
/// <param name="Final">The class predicted on the perturbed image [N].</param>
/// <param name="Fooled">Whether the prediction changed within the iteration limit [N].</param>
/// <param name="Iterations">Linearisation steps taken per example [N].</param>
internal sealed record DeepFoolResult(Tensor Adversarial, Tensor Original, Tensor Final, Tensor Fooled, Tensor Iterations)
{
    /// <summary>Moves every tensor to the caller's outer dispose scope.</summary>
    public DeepFoolResult MoveToOuterDisposeScope() => new(Adversarial.MoveToOuterDisposeScope(), Original.MoveToOuterDisposeScope(),
        Final.MoveToOuterDisposeScope(), Fooled.MoveToOuterDisposeScope(), Iterations.MoveToOuterDisposeScope());
}

/// <summary>
/// DeepFool (Moosavi-Dezfooli, Fawzi and Frossard, CVPR 2016), batched over examples. At the
/// current point x_i, for each candidate class k other than the original class k0,
/// w_k = grad(f_k - f_k0) and f'_k = f_k - f_k0 (negative while x_i is still classified k0); the
/// class nearest under the linearisation is l = argmin_k |f'_k| / ||w_k||_q (q = 2 for l2, q = 1,
/// the dual norm, for linf), and the step to its linearised boundary is
/// r_i = |f'_l| / ||w_l||_2^2 * w_l (l2) or r_i = |f'_l| / ||w_l||_1 * sign(w_l) (linf). The steps are
/// summed, and x_{i+1} = clip(x_0 + (1 + overshoot) * sum r_i, 0, 1). An example stops once its
/// prediction differs from k0. On an affine model, away from the box's faces, the first step is
/// the exact minimal perturbation (times 1 + overshoot). Where the [0, 1] clip cuts a step the
/// point falls short of the boundary and further iterations continue from the clipped point, so
/// clipped examples need more iterations than the unconstrained method. To make those iterations
/// converge, w leaves out the components that would push a coordinate already at 0 or 1 further
/// out (with the plain gradient half of such a step can be lost to the clip at every iteration,
/// and the points approach the boundary without crossing it).
/// The paper's constant 1e-4 added to |f'_l| is left out: the overshoot already carries the point
/// across, and without it the first step on an affine model is exactly the closed form.
/// </summary>
internal static class DeepFool
{
    public static DeepFoolResult Run(Module<Tensor, Tensor> model, Tensor images, DeepFoolSettings settings, string who)
    {
        using var outer = torch.NewDisposeScope();
        var clean = images.detach();
        var count = clean.shape[0];
        Tensor cleanLogits;
        using (torch.no_grad()) cleanLogits = GeometryExamples.Logits(model, clean, who);
        var classes = cleanLogits.shape[1];
        if (classes < 2) throw new InvalidOperationException($"{who}: DeepFool needs at least 2 classes, the model has {classes}");
        var candidateCount = Math.Min(settings.Candidates, classes);
        // Column 0 is the original class; the rest are the strongest others, in order.
        var candidates = cleanLogits.topk(candidateCount, 1).indices;
        var original = candidates.select(1, 0).contiguous();

        var total = torch.zeros_like(clean);
        var adversarial = clean.clone();
        var active = torch.ones([count], ScalarType.Bool, clean.device);
        var fooled = torch.zeros([count], ScalarType.Bool, clean.device);
        var iterations = torch.zeros([count], ScalarType.Int64, clean.device);
        var final = original.clone();

        for (var iteration = 0; iteration <= settings.MaxIterations; iteration++)
        {
            using var scope = torch.NewDisposeScope();
            var index = active.nonzero().squeeze(1);
            if (index.shape[0] == 0) break;
            using var grad = torch.enable_grad();
            var x = adversarial.index_select(0, index).detach().requires_grad_();
            var logits = GeometryExamples.Logits(model, x, who);
            var k0 = original.index_select(0, index);
            var predicted = logits.argmax(1);
            var done = predicted.ne(k0);
            final[index] = predicted.detach();
            fooled[index] = done;
            active[index] = done.logical_not();
            if (iteration == settings.MaxIterations) break;

            var candidate = candidates.index_select(0, index);
            var own = logits.gather(1, k0.unsqueeze(1));
            var gradients = new List<Tensor>();
            var values = new List<Tensor>();
            for (var j = 1; j < candidateCount; j++)
            {
                var difference = logits.gather(1, candidate.narrow(1, j, 1)) - own;
                gradients.Add(torch.autograd.grad([difference.sum()], [x], retain_graph: j < candidateCount - 1)[0]!.flatten(1));
                values.Add(difference.detach().squeeze(1));
            }
            var w = torch.stack(gradients, 1);       // [A, C-1, D]
            // Box-aware linearisation: a component that would push a coordinate already at 0 or 1
            // out of the box is left out, so the linearised step crosses even where the clip bites.
            var flat = x.detach().flatten(1).unsqueeze(1);
            var blocked = flat.ge(1).logical_and(w.gt(0)).logical_or(flat.le(0).logical_and(w.lt(0)));
            w = w.masked_fill(blocked, 0);
            var f = torch.stack(values, 1).abs();    // [A, C-1]
            var dual = settings.Norm == DeepFoolNorm.L2 ? w.norm(2, [2]) : w.norm(1, [2]);
            var distance = f / (dual + 1e-12);
            var nearest = distance.argmin(1, keepdim: true);                        // [A, 1]
            var wl = w.gather(1, nearest.unsqueeze(2).expand(-1, 1, w.shape[2])).squeeze(1);
            var fl = f.gather(1, nearest).squeeze(1);
            var dl = dual.gather(1, nearest).squeeze(1);
            var step = settings.Norm == DeepFoolNorm.L2
                ? GeometryExamples.ScaleRows(wl, fl / (dl.square() + 1e-24))
                : GeometryExamples.ScaleRows(wl.sign(), fl / (dl + 1e-12));
            // Examples fooled at this point keep their perturbation.
            step = GeometryExamples.ScaleRows(step, done.logical_not().to(step.dtype)).reshape(x.shape);
            var updated = total.index_select(0, index) + step;
            total[index] = updated;
            adversarial[index] = (clean.index_select(0, index) + updated * (1 + settings.Overshoot)).clamp(0, 1);
            iterations[index] = iterations.index_select(0, index) + done.logical_not().to(ScalarType.Int64);
        }

        return new DeepFoolResult(adversarial.detach(), original, final, fooled, iterations).MoveToOuterDisposeScope();
    }
}
