using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>How Hessian-vector products of the decision function are computed.</summary>
public enum HessianVectorProduct
{
    /// <summary>Double backward, unless it gives exactly zero on the first batch (a piecewise-linear network: ReLU, max-pool), then finite differences.</summary>
    Auto,
    /// <summary>The gradient of grad F(x) . v, by autograd through the first gradient (exact; zero almost everywhere for ReLU networks).</summary>
    DoubleBackward,
    /// <summary>Central differences of gradients, (grad F(x + h v) - grad F(x - h v)) / 2h: the curvature at scale h.</summary>
    FiniteDifference,
}

/// <summary>
/// The decision boundary between class <c>k</c> and class <c>l</c> near a batch of points, through
/// F(x) = f_k(x) - f_l(x), whose zero set is the boundary. With g = grad F, n = g / ||g|| and the
/// tangent projector P = I - n n^T, the shape operator of the level set at a boundary point is
/// S = P H P / ||g|| (H the Hessian of F): its eigenvalues on the tangent space are the principal
/// curvatures. Works on flattened [N, D] float64 vectors; the model sees its own dtype and shape.
/// Finite-difference probes x +- h v are not clipped to [0, 1]: clipping would change the
/// direction being differenced; the boundary points themselves lie in the box.
/// </summary>
internal sealed class BoundaryCurvature
{
    private readonly Module<Tensor, Tensor> _model;
    private readonly Tensor _points;
    private readonly Tensor _k;
    private readonly Tensor _l;
    private readonly bool _finiteDifference;
    private readonly double _step;
    private readonly string _who;

    /// <param name="points">Points on (or near) the boundary [N, ...], on the model's device.</param>
    /// <param name="k">The class on the positive side of F [N].</param>
    /// <param name="l">The class on the negative side [N].</param>
    /// <param name="finiteDifference">Central differences instead of double backward.</param>
    /// <param name="step">h of the central differences (an l2 distance in input space).</param>
    public BoundaryCurvature(Module<Tensor, Tensor> model, Tensor points, Tensor k, Tensor l, bool finiteDifference, double step, string who)
    {
        _model = model;
        _points = points.detach();
        _k = k;
        _l = l;
        _finiteDifference = finiteDifference;
        _step = step;
        _who = who;
        var (_, gradient) = Gradient(_points);
        Gradient64 = gradient.flatten(1).to(ScalarType.Float64);
        GradientNorm = Gradient64.norm(2, [1]);
        Normal = GeometryExamples.ScaleRows(Gradient64, 1.0 / (GradientNorm + 1e-300));
    }

    /// <summary>grad F at the points, flattened, float64 [N, D].</summary>
    public Tensor Gradient64 { get; }

    /// <summary>||grad F|| [N].</summary>
    public Tensor GradientNorm { get; }

    /// <summary>The unit normal n = grad F / ||grad F|| [N, D].</summary>
    public Tensor Normal { get; }

    /// <summary>F = f_k - f_l per example.</summary>
    public static Tensor Decision(Tensor logits, Tensor k, Tensor l) =>
        (logits.gather(1, k.unsqueeze(1)) - logits.gather(1, l.unsqueeze(1))).squeeze(1);

    private (Tensor Value, Tensor Gradient) Gradient(Tensor x) =>
        GeometryExamples.ValueAndGradient(_model, x, logits => Decision(logits, _k, _l), _who);

    /// <summary>P v: the component of each row orthogonal to the normal.</summary>
    public Tensor Tangent(Tensor v) => v - GeometryExamples.ScaleRows(Normal, (v * Normal).sum(1));

    /// <summary>H v for float64 rows v [N, D].</summary>
    public Tensor HessianTimes(Tensor v)
    {
        var direction = v.to(_points.dtype).reshape(_points.shape);
        if (_finiteDifference)
        {
            var (_, plus) = Gradient(_points + direction * _step);
            var (_, minus) = Gradient(_points - direction * _step);
            return ((plus - minus) / (2 * _step)).flatten(1).to(ScalarType.Float64);
        }
        using var _ = torch.enable_grad();
        var x = _points.detach().requires_grad_();
        var value = Decision(GeometryExamples.Logits(_model, x, _who), _k, _l);
        var gradient = torch.autograd.grad([value.sum()], [x], create_graph: true)[0]!;
        var product = (gradient * direction).sum();
        if (!product.requires_grad) return torch.zeros_like(v); // the gradient does not depend on x: H = 0
        var second = torch.autograd.grad([product], [x], allow_unused: true)[0];
        return second is null ? torch.zeros_like(v) : second.detach().flatten(1).to(ScalarType.Float64);
    }

    /// <summary>The shape operator S v = P H P v / ||grad F||, row-wise.</summary>
    public Tensor ShapeOperator(Tensor v) =>
        GeometryExamples.ScaleRows(Tangent(HessianTimes(Tangent(v))), 1.0 / (GradientNorm + 1e-300));

    /// <summary>
    /// kappa(v) = v^T H v / ||grad F|| along <paramref name="probes"/> random unit tangent directions per
    /// example [N, probes] (float64): v = P z / ||P z|| with z standard normal, so v is uniform on the
    /// tangent sphere and E[kappa(v)] = trace(S) / (d - 1), the mean curvature (Hutchinson).
    /// </summary>
    public Tensor RandomTangentCurvatures(Generator generator, int probes)
    {
        using var scope = torch.NewDisposeScope();
        var curvatures = new List<Tensor>();
        for (var probe = 0; probe < probes; probe++)
        {
            using var probeScope = torch.NewDisposeScope();
            var z = torch.randn(Normal.shape, generator, ScalarType.Float64).to(Normal.device);
            var tangent = Tangent(z);
            var unit = GeometryExamples.ScaleRows(tangent, 1.0 / tangent.norm(2, [1]));
            curvatures.Add(((unit * HessianTimes(unit)).sum(1) / GradientNorm).MoveToOuterDisposeScope());
        }
        return torch.stack(curvatures, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whether double backward sees any curvature: false when H v is exactly zero for every example
    /// on the probe direction, as for a piecewise-linear network (ReLU, max-pool), whose Hessian is
    /// zero almost everywhere.
    /// </summary>
    public static bool DoubleBackwardSeesCurvature(Module<Tensor, Tensor> model, Tensor points, Tensor k, Tensor l, Tensor probe, string who)
    {
        using var scope = torch.NewDisposeScope();
        var exact = new BoundaryCurvature(model, points, k, l, finiteDifference: false, step: 0, who);
        return exact.HessianTimes(probe).abs().max().item<double>() > 0;
    }

    /// <summary>
    /// Points on the boundary between the clean point's class k and the adversarial point's class l:
    /// bisection on t in [0, 1] for F(x0 + t (x_adv - x0)) = 0, where F(x0) &gt;= 0 &gt;= F(x_adv).
    /// </summary>
    public static Tensor BoundaryPoints(Module<Tensor, Tensor> model, Tensor clean, Tensor adversarial, Tensor k, Tensor l, int bisections, string who)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var count = clean.shape[0];
        var low = torch.zeros([count], clean.dtype, clean.device);
        var high = torch.ones([count], clean.dtype, clean.device);
        var direction = adversarial - clean;
        for (var i = 0; i < bisections; i++)
        {
            // Each step's logits and probe images are freed with the step; only the bounds live on.
            using var step = torch.NewDisposeScope();
            var middle = (low + high) / 2;
            var value = Decision(GeometryExamples.Logits(model, clean + GeometryExamples.ScaleRows(direction, middle), who), k, l);
            var positive = value.gt(0);
            low = torch.where(positive, middle, low).MoveToOuterDisposeScope();
            high = torch.where(positive, high, middle).MoveToOuterDisposeScope();
        }
        return (clean + GeometryExamples.ScaleRows(direction, (low + high) / 2)).MoveToOuterDisposeScope();
    }
}
