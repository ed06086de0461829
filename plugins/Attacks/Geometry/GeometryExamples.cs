using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Geometry;

/// <summary>
/// What the geometry evaluations share: how many examples they use, and the margin and input
/// gradients of a batch. The analyses cost many forward and backward passes per example, so each
/// has its own <c>examples</c> limit on top of the run's budget.
/// </summary>
internal static class GeometryExamples
{
    /// <summary>Logits of a batch that is already on the model's device, checked to be [N, classes].</summary>
    public static Tensor Logits(Module<Tensor, Tensor> model, Tensor images, string who)
    {
        var logits = model.forward(images);
        if (logits.dim() != 2 || logits.shape[0] != images.shape[0])
            throw new InvalidOperationException(
                $"{who}: the model returned logits of shape [{string.Join(", ", logits.shape)}] for {images.shape[0]} images; expected [{images.shape[0]}, classes]");
        return logits;
    }

    /// <summary>
    /// Per-example input gradients [N, ...] of <paramref name="perExample"/>(logits) [N] at
    /// <paramref name="points"/>. Examples do not interact in an eval-mode network, so the gradient
    /// of the sum is each example's own gradient, all in one backward pass.
    /// </summary>
    public static (Tensor Value, Tensor Gradient) ValueAndGradient(Module<Tensor, Tensor> model, Tensor points, Func<Tensor, Tensor> perExample, string who)
    {
        using var _ = torch.enable_grad();
        var x = points.detach().requires_grad_();
        var value = perExample(Logits(model, x, who));
        var gradient = torch.autograd.grad([value.sum()], [x])[0]!;
        return (value.detach(), gradient);
    }

    /// <summary>Euclidean norm of each example, [N, ...] to [N].</summary>
    public static Tensor RowNorm(Tensor batch, double p = 2) => batch.flatten(1).norm(p, [1]);

    /// <summary>Each example scaled by a per-example factor [N].</summary>
    public static Tensor ScaleRows(Tensor batch, Tensor factors)
    {
        var shape = new long[batch.dim()];
        Array.Fill(shape, 1L);
        shape[0] = batch.shape[0];
        return batch * factors.reshape(shape);
    }

    /// <summary>The median of a list (the mean of the two middle values for an even count), NaN when empty.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The mean of a list, NaN when empty (no example to average is not a zero).</summary>
    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();
}
