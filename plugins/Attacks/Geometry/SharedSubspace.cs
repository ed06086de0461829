using LossBench.Torch;
using MathNet.Numerics.LinearAlgebra;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// The "curved directions are the vulnerable ones" experiment of Fawzi et al. (CVPR 2018, section
/// 4): a subspace S of high curvature shared by many boundary points, and the fooling rate of
/// random perturbations confined to it against that of random perturbations of the same norms
/// confined to a random subspace of the same dimension.
/// </summary>
internal static class SharedSubspace
{
    /// <summary>
    /// The top <paramref name="dimension"/> eigenvectors of the average projector
    /// M = (1/N) sum_n U_n U_n^T, where U_n holds point n's most curved principal directions (its
    /// top Ritz vectors, orthonormal rows; zero rows are allowed and add nothing). A direction
    /// that is among the curved ones at every point has eigenvalue 1, one curved at a fraction q of
    /// the points q. With A the [R, D] stack of all rows, M = A^T A / N: when R &lt;= D the
    /// eigenvectors come from the smaller R x R Gram matrix A A^T (v = A^T w / ||A^T w||).
    /// </summary>
    /// <param name="directions">The principal directions of every point, stacked [R, D] (float64, any device).</param>
    /// <param name="points">N, the number of boundary points they came from.</param>
    /// <returns>The basis [dimension, D] (orthonormal rows, float64, on the CPU) and its eigenvalues of M, largest first.</returns>
    public static (Tensor Basis, double[] Weights) Estimate(Tensor directions, int points, int dimension)
    {
        var rows = (int)directions.shape[0];
        var d = (int)directions.shape[1];
        var a = Matrix<double>.Build.DenseOfRowMajor(rows, d, directions.to(Device.CPU, ScalarType.Float64).contiguous().ToArray<double>());
        var take = Math.Min(dimension, Math.Min(rows, d));
        Matrix<double> basis;
        double[] weights;
        if (rows <= d)
        {
            var eigen = (a * a.Transpose()).Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, rows).OrderByDescending(i => eigen.EigenValues[i].Real).Take(take).ToArray();
            basis = Matrix<double>.Build.Dense(take, d);
            for (var r = 0; r < take; r++)
            {
                var v = a.Transpose() * eigen.EigenVectors.Column(order[r]);
                basis.SetRow(r, v / Math.Max(v.L2Norm(), 1e-300));
            }
            weights = order.Select(i => eigen.EigenValues[i].Real / points).ToArray();
        }
        else
        {
            var eigen = (a.Transpose() * a).Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, d).OrderByDescending(i => eigen.EigenValues[i].Real).Take(take).ToArray();
            basis = Matrix<double>.Build.Dense(take, d);
            for (var r = 0; r < take; r++) basis.SetRow(r, eigen.EigenVectors.Column(order[r]));
            weights = order.Select(i => eigen.EigenValues[i].Real / points).ToArray();
        }
        return (torch.tensor(basis.ToRowMajorArray(), [take, d], ScalarType.Float64), weights);
    }

    /// <summary>An orthonormal basis [dimension, D] of a uniformly random subspace: the Q of a Gaussian matrix (float64, CPU).</summary>
    public static Tensor Random(int d, int dimension, Generator generator)
    {
        using var gaussian = torch.randn([d, dimension], generator, ScalarType.Float64);
        var q = Matrix<double>.Build.DenseOfRowMajor(d, dimension, gaussian.contiguous().ToArray<double>()).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        return torch.tensor(q.Transpose().ToRowMajorArray(), [dimension, d], ScalarType.Float64);
    }

    /// <summary>
    /// The fraction of (image, draw) pairs whose predicted class changes under v = norm_n * B^T z / ||z||,
    /// z standard normal in the subspace's coordinates: v is uniform on the sphere of radius norm_n
    /// inside the subspace spanned by the rows of <paramref name="basis"/>. Probes are not clipped to
    /// [0, 1], as in the other curvature measurements: clipping would leave the subspace.
    /// </summary>
    /// <param name="images">Clean images [N, ...] on the model's device.</param>
    /// <param name="predicted">Their predicted classes [N].</param>
    /// <param name="norms">The perturbation norm for each image [N] (float64).</param>
    /// <param name="basis">Orthonormal rows [p, D].</param>
    public static (long Fooled, long Trials) FoolingCount(Module<Tensor, Tensor> model, Tensor images, Tensor predicted, Tensor norms, Tensor basis,
        int draws, Generator generator, string who)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var count = images.shape[0];
        var onDevice = basis.to(images.device);
        long fooled = 0;
        for (var draw = 0; draw < draws; draw++)
        {
            using var drawScope = torch.NewDisposeScope();
            var z = torch.randn([count, basis.shape[0]], generator, ScalarType.Float64).to(images.device);
            var direction = z.matmul(onDevice);
            direction = GeometryExamples.ScaleRows(direction, norms.to(images.device) / direction.norm(2, [1]));
            var probed = images + direction.to(images.dtype).reshape(images.shape);
            var label = GeometryExamples.Logits(model, probed, who).argmax(1);
            fooled += label.ne(predicted).sum().item<long>();
        }
        return (fooled, count * draws);
    }
}
