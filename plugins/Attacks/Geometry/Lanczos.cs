using LossBench.Torch;
using MathNet.Numerics.LinearAlgebra;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// Ritz pairs of one symmetric operator per example: <paramref name="Values"/>[n] holds example n's
/// Ritz values, largest |value| first, and <paramref name="Vectors"/> [N, m, D] the matching unit
/// Ritz vectors (rows beyond an example's own count are zero).
/// </summary>
internal sealed record RitzPairs(double[][] Values, Tensor Vectors);

/// <summary>
/// The Lanczos method with full reorthogonalisation, run on a batch of independent symmetric
/// operators at once (one per example; the operator maps [N, D] to [N, D] row by row). After m
/// steps, T = Q^T A Q is tridiagonal (alpha on the diagonal, beta beside it); its eigenvalues
/// (by MathNet) approximate A's extreme eigenvalues, and Q y its eigenvectors. Full
/// reorthogonalisation (twice, against every earlier vector) keeps Q orthonormal in finite
/// precision, which plain three-term Lanczos loses once a Ritz value converges. When an example's
/// Krylov space is exhausted (beta tiny against the largest entry seen), its later vectors are
/// zero and its matrix T stops there: the Ritz values are then A's exact eigenvalues on that space.
/// </summary>
internal static class Lanczos
{
    /// <summary>Relative size of beta below which an example's Krylov space counts as exhausted.</summary>
    private const double BreakdownTolerance = 1e-5;

    /// <param name="apply">The operators, applied row-wise to a float64 [N, D] batch.</param>
    /// <param name="start">Start vectors [N, D] (float64, not necessarily unit).</param>
    /// <param name="steps">Lanczos steps m (at most D).</param>
    public static RitzPairs Run(Func<Tensor, Tensor> apply, Tensor start, int steps)
    {
        using var outer = torch.NewDisposeScope();
        var count = (int)start.shape[0];
        var basis = new List<Tensor>();
        var alpha = new double[count, steps];
        var beta = new double[count, steps];
        var size = Enumerable.Repeat(steps, count).ToArray();
        var scale = new double[count];
        var q = GeometryExamples.ScaleRows(start, 1.0 / (start.norm(2, [1]) + 1e-300));
        for (var j = 0; j < steps; j++)
        {
            // One scope per step: the operator's autograd graphs and temporaries go at its end;
            // only the next Lanczos vector leaves it.
            using var stepScope = torch.NewDisposeScope();
            basis.Add(q);
            var w = apply(q);
            var a = (w * q).sum(1);
            w = w - GeometryExamples.ScaleRows(q, a);
            var stacked = torch.stack(basis, 1);                                      // [N, j+1, D], the same for both passes
            for (var pass = 0; pass < 2; pass++)
            {
                var coefficients = torch.einsum("njd,nd->nj", stacked, w);
                w = w - torch.einsum("nj,njd->nd", coefficients, stacked);
            }
            var b = w.norm(2, [1]);
            var alphas = a.cpu().ToArray<double>();
            var betas = b.cpu().ToArray<double>();
            var keep = new double[count];
            for (var n = 0; n < count; n++)
            {
                if (j >= size[n]) continue;
                alpha[n, j] = alphas[n];
                beta[n, j] = betas[n];
                scale[n] = Math.Max(scale[n], Math.Max(Math.Abs(alphas[n]), betas[n]));
                if (betas[n] <= BreakdownTolerance * scale[n]) size[n] = j + 1;
                else keep[n] = 1.0 / betas[n];
            }
            q = GeometryExamples.ScaleRows(w, torch.tensor(keep, [count], w.dtype, w.device)).MoveToOuterDisposeScope();
        }

        var values = new double[count][];
        var vectors = new double[count * steps * steps];
        for (var n = 0; n < count; n++)
        {
            var m = size[n];
            var tridiagonal = Matrix<double>.Build.Dense(m, m);
            for (var i = 0; i < m; i++)
            {
                tridiagonal[i, i] = alpha[n, i];
                if (i + 1 < m) tridiagonal[i, i + 1] = tridiagonal[i + 1, i] = beta[n, i];
            }
            var eigen = tridiagonal.Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, m).OrderByDescending(i => Math.Abs(eigen.EigenValues[i].Real)).ToArray();
            values[n] = order.Select(i => eigen.EigenValues[i].Real).ToArray();
            // Row r of the coefficients: the r-th Ritz vector in the Lanczos basis.
            for (var r = 0; r < m; r++)
                for (var i = 0; i < m; i++)
                    vectors[(n * steps + r) * steps + i] = eigen.EigenVectors[i, order[r]];
        }
        var coefficientsOfRitz = torch.tensor(vectors, [count, steps, steps], start.dtype, start.device);
        var ritz = torch.einsum("nri,nid->nrd", coefficientsOfRitz, torch.stack(basis, 1));
        return new RitzPairs(values, ritz.MoveToOuterDisposeScope());
    }
}
