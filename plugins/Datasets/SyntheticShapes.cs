using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// The shapes of <see cref="SyntheticDataset"/>, one per class, as masks computed for a whole batch at
/// once from coordinate grids: each shape is a region of the plane in coordinates (u, v) centred on
/// the shape and scaled by its radius, so the shape fits in the square |u|, |v| &lt;= 1.
/// </summary>
internal static class SyntheticShapes
{
    public const int Count = 10;

    public static readonly IReadOnlyList<string> Names =
        ["disk", "ring", "square", "frame", "triangle", "plus", "cross", "horizontal-bars", "vertical-bars", "diamond"];

    /// <summary>
    /// Masks float32 [N, Count, H, W] (1 inside the shape) for coordinates u, v of shape [N, H, W].
    /// </summary>
    public static Tensor Masks(Tensor u, Tensor v)
    {
        using var scope = NewDisposeScope();
        var au = u.abs();
        var av = v.abs();
        var radiusSquared = u * u + v * v;
        var box = au.maximum(av);
        var inside = box.le(0.9);
        var shapes = new[]
        {
            radiusSquared.le(1.0),                                                      // disk
            radiusSquared.le(1.0) & radiusSquared.ge(0.55 * 0.55),                     // ring
            box.le(0.8),                                                                // square
            box.le(0.85) & box.ge(0.5),                                                // frame
            v.le(0.8) & au.le((v + 0.9) * (0.9 / 1.7)),                               // triangle, apex up
            (au.le(0.25) & av.le(0.9)) | (av.le(0.25) & au.le(0.9)),                   // plus
            ((u - v).abs().le(0.3) | (u + v).abs().le(0.3)) & inside,                  // cross (an x)
            Stripes(v) & inside,                                                        // horizontal bars
            Stripes(u) & inside,                                                        // vertical bars
            (au + av).le(1.0),                                                          // diamond
        };
        return stack(shapes.Select(s => s.to(ScalarType.Float32)).ToArray(), 1).MoveToOuterDisposeScope();
    }

    /// <summary>Five bands of equal width across [-1, 1], the first, third and fifth set.</summary>
    private static Tensor Stripes(Tensor coordinate) => ((coordinate + 1) * 2.5).floor().remainder(2).eq(0);
}
