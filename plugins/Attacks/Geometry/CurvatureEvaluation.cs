using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Curvature of the decision boundary where DeepFool (l2) crosses it. For each example that
/// DeepFool fools, from its predicted class k to class l, the boundary point x_b is found by
/// bisection on the segment from the clean to the adversarial point, and the boundary there is the
/// zero set of F = f_k - f_l (see <see cref="BoundaryCurvature"/>): with g = grad F(x_b),
/// n = g / ||g||, P = I - n n^T and H the Hessian of F, the principal curvatures are the eigenvalues
/// of S = P H P / ||g|| on the tangent space (d - 1 dimensions, d the input size), estimated by
/// Lanczos (see <see cref="Lanczos"/>) started from a random tangent vector. Metrics, each a mean
/// over the boundary points:
/// <list type="bullet">
/// <item><c>curvature@i</c> (i = 1..top-k): the i-th largest |principal curvature| (Ritz value);</item>
/// <item><c>mean-curvature</c>: trace(S) / (d - 1), the mean principal curvature, estimated by
/// Hutchinson's estimator with uniform random unit tangent vectors v (E[v v^T] = P / (d - 1)):
/// the mean of kappa(v) = v^T H v / ||g|| over the probes;</item>
/// <item><c>random-curvature</c>: the mean |kappa(v)| over random unit tangent v: how curved the
/// boundary is along a typical direction (near 0: flat);</item>
/// <item><c>curved-fraction</c>: with r = x_adv - x the DeepFool perturbation and U the top-k Ritz
/// vectors (orthonormal, tangent), ||U^T r||^2 / ||P r||^2: the share of the perturbation's
/// tangential part (the part not along the normal at x_b, which a flat boundary would not need)
/// that lies in the top-k curved directions; <c>curved-fraction-baseline</c> = k / (d - 1) is
/// its expected value for a random direction;</item>
/// <item><c>tangent-fraction</c>: ||P r||^2 / ||r||^2, how much of the perturbation is not along the normal;</item>
/// <item><c>gradient-norm</c>: ||g||; <c>boundary-points</c>: how many examples were fooled and measured;
/// <c>finite-difference</c>: 1 when Hessian-vector products were central differences, 0 for double backward;</item>
/// <item>the shared-subspace experiment (the paper's section 4; off when <c>subspace-dimension</c> is 0):
/// S, the top <c>subspace-dimension</c> eigenvectors of the average over boundary points of the
/// projector onto each point's top-k principal directions (see <see cref="SharedSubspace"/>), and R
/// a uniformly random subspace of the same dimension. Each clean image x_n, at distance d_n from its
/// boundary point, is perturbed <c>subspace-draws</c> times by v uniform on the sphere of radius
/// a * d_n inside S, and as often inside R, for each a in <c>subspace-norms</c>:
/// <c>shared-subspace.fooling-rate@norm=a</c> and <c>random-subspace.fooling-rate@norm=a</c> are the
/// fractions of those perturbations that change the predicted class; <c>shared-subspace.weight</c> is the mean eigenvalue of the average projector
/// over S (1: every point's curved directions lie in S; the random-subspace value is about k / D).</item>
/// </list>
/// </summary>
[Plugin("curvature", Summary = "Principal curvatures of the decision boundary at DeepFool boundary points (Lanczos on the shape operator), mean and random-direction curvature")]
public sealed class CurvatureEvaluation(CurvatureOptions options) : IEvaluation
{
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        const string who = "curvature";
        var selection = AttackExamples.Select(context, options.Split, options.Examples, who);
        var (split, count) = (selection.Split, selection.Count);
        var dimension = split.Images.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (dimension < 2) throw new InvalidOperationException($"{who}: the boundary of a {dimension}-dimensional input has no tangent space");
        var steps = (int)Math.Min(options.LanczosSteps, dimension - 1);
        var topK = Math.Min(options.TopK, steps);
        bool? finiteDifference = options.Hvp switch
        {
            HessianVectorProduct.DoubleBackward => false,
            HessianVectorProduct.FiniteDifference => true,
            _ => null,
        };

        var top = Enumerable.Range(0, topK).Select(_ => new List<double>()).ToArray();
        var meanCurvature = new List<double>();
        var randomCurvature = new List<double>();
        var curvedFraction = new List<double>();
        var tangentFraction = new List<double>();
        var gradientNorm = new List<double>();
        // Kept for the shared-subspace experiment, which needs every point's curved directions first.
        var kept = new List<(Tensor Clean, Tensor Predicted, Tensor Distance, Tensor Directions)>();
        foreach (var (start, length) in selection.Batches())
        {
            using var scope = torch.NewDisposeScope();
            var images = split.Images.narrow(0, start, length).to(context.Device);
            var attack = DeepFool.Run(context.Model, images, options.DeepFool, who);
            var index = attack.Fooled.nonzero().squeeze(1);
            var fooled = index.shape[0];
            if (fooled == 0) continue;
            var clean = images.index_select(0, index);
            var adversarial = attack.Adversarial.index_select(0, index);
            var k = attack.Original.index_select(0, index);
            var l = attack.Final.index_select(0, index);
            var points = BoundaryCurvature.BoundaryPoints(context.Model, clean, adversarial, k, l, options.Bisections, who);
            Tensor Random() => torch.randn([fooled, dimension], context.Generator, ScalarType.Float64).to(context.Device);

            finiteDifference ??= !BoundaryCurvature.DoubleBackwardSeesCurvature(context.Model, points, k, l, Random(), who);
            var boundary = new BoundaryCurvature(context.Model, points, k, l, finiteDifference.Value, options.Step, who);

            var ritz = Lanczos.Run(boundary.ShapeOperator, boundary.Tangent(Random()), steps);
            for (var n = 0; n < fooled; n++)
                for (var i = 0; i < topK; i++)
                    top[i].Add(i < ritz.Values[n].Length ? Math.Abs(ritz.Values[n][i]) : 0);

            if (options.SubspaceDimension > 0)
                kept.Add((clean.cpu().DetachFromDisposeScope(), k.cpu().DetachFromDisposeScope(),
                    (points - clean).flatten(1).to(ScalarType.Float64).norm(2, [1]).cpu().DetachFromDisposeScope(),
                    ritz.Vectors.narrow(1, 0, topK).flatten(0, 1).cpu().DetachFromDisposeScope()));

            var kappa = boundary.RandomTangentCurvatures(context.Generator, options.Probes);

            var perturbation = (adversarial - clean).flatten(1).to(ScalarType.Float64);
            var tangential = boundary.Tangent(perturbation);
            var inTop = torch.einsum("nkd,nd->nk", ritz.Vectors.narrow(1, 0, topK), tangential).square().sum(1);
            var tangentialSquared = tangential.square().sum(1);
            var curved = (inTop / tangentialSquared).cpu().ToArray<double>();
            var tangentShare = (tangentialSquared / perturbation.square().sum(1)).cpu().ToArray<double>();
            var means = kappa.mean(1).cpu().ToArray<double>();
            var absolutes = kappa.abs().mean(1).cpu().ToArray<double>();
            var norms = boundary.GradientNorm.cpu().ToArray<double>();
            for (var n = 0; n < fooled; n++)
            {
                meanCurvature.Add(means[n]);
                randomCurvature.Add(absolutes[n]);
                // A perturbation exactly along the normal has no tangential part to explain.
                if (double.IsFinite(curved[n])) curvedFraction.Add(curved[n]);
                tangentFraction.Add(tangentShare[n]);
                gradientNorm.Add(norms[n]);
            }
        }

        var metrics = new Dictionary<string, double>();
        for (var i = 0; i < topK; i++) metrics[$"curvature@{i + 1}"] = GeometryExamples.Mean(top[i]);
        metrics["mean-curvature"] = GeometryExamples.Mean(meanCurvature);
        metrics["random-curvature"] = GeometryExamples.Mean(randomCurvature);
        metrics["curved-fraction"] = GeometryExamples.Mean(curvedFraction);
        metrics["curved-fraction-baseline"] = (double)topK / (dimension - 1);
        metrics["tangent-fraction"] = GeometryExamples.Mean(tangentFraction);
        metrics["gradient-norm"] = GeometryExamples.Mean(gradientNorm);
        metrics["boundary-points"] = meanCurvature.Count;
        metrics["finite-difference"] = finiteDifference is { } used ? (used ? 1 : 0) : double.NaN;
        if (options.SubspaceDimension > 0)
        {
            try
            {
                SubspaceFooling(context, kept, (int)dimension, metrics, who);
            }
            finally
            {
                foreach (var (clean, predicted, distance, directions) in kept)
                {
                    clean.Dispose();
                    predicted.Dispose();
                    distance.Dispose();
                    directions.Dispose();
                }
            }
        }
        return EvaluationResult.Of(metrics);
    }

    /// <summary>The fooling rates of random perturbations inside the shared curved subspace and inside a random one.</summary>
    private void SubspaceFooling(EvaluationContext context, List<(Tensor Clean, Tensor Predicted, Tensor Distance, Tensor Directions)> kept,
        int dimension, Dictionary<string, double> metrics, string who)
    {
        using var scope = torch.NewDisposeScope();
        var points = kept.Sum(b => (int)b.Clean.shape[0]);
        if (points == 0)
        {
            foreach (var factor in options.SubspaceNorms)
            {
                metrics[$"shared-subspace.fooling-rate@norm={MetricNames.Number(factor)}"] = double.NaN;
                metrics[$"random-subspace.fooling-rate@norm={MetricNames.Number(factor)}"] = double.NaN;
            }
            metrics["shared-subspace.weight"] = double.NaN;
            return;
        }
        var (shared, weights) = SharedSubspace.Estimate(torch.cat(kept.Select(b => b.Directions).ToArray()), points, options.SubspaceDimension);
        var random = SharedSubspace.Random(dimension, (int)shared.shape[0], context.Generator);
        foreach (var factor in options.SubspaceNorms)
        {
            long sharedFooled = 0, randomFooled = 0, trials = 0;
            foreach (var (clean, predicted, distance, _) in kept)
            {
                using var batch = torch.NewDisposeScope();
                var images = clean.to(context.Device);
                var labels = predicted.to(context.Device);
                var norms = distance * factor;
                var (fooled, count) = SharedSubspace.FoolingCount(context.Model, images, labels, norms, shared, options.SubspaceDraws, context.Generator, who);
                sharedFooled += fooled;
                trials += count;
                randomFooled += SharedSubspace.FoolingCount(context.Model, images, labels, norms, random, options.SubspaceDraws, context.Generator, who).Fooled;
            }
            metrics[$"shared-subspace.fooling-rate@norm={MetricNames.Number(factor)}"] = (double)sharedFooled / trials;
            metrics[$"random-subspace.fooling-rate@norm={MetricNames.Number(factor)}"] = (double)randomFooled / trials;
        }
        metrics["shared-subspace.weight"] = weights.Average();
    }
}
