using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Axis-aligned boxes, one per image, as masks: rows [top, top + height) and columns [left, left +
/// width), clipped at the image borders. Built from index comparisons on the whole batch, so no
/// per-image loop runs in C#.
/// </summary>
internal static class ImageBoxes
{
    /// <summary>
    /// true inside each image's box, [N, 1, H, W]. <paramref name="top"/>, <paramref name="left"/>,
    /// <paramref name="height"/>, <paramref name="width"/> are int64 [N] (or broadcastable) on the
    /// images' device; a top or left outside the image, or a box reaching past it, is clipped.
    /// </summary>
    public static Tensor Mask(Tensor top, Tensor left, Tensor height, Tensor width, long imageHeight, long imageWidth)
    {
        var rows = arange(imageHeight, device: top.device).view(1, imageHeight);
        var columns = arange(imageWidth, device: top.device).view(1, imageWidth);
        var t = top.reshape(-1, 1);
        var l = left.reshape(-1, 1);
        var inRows = rows.ge(t) & rows.lt(t + height.reshape(-1, 1));
        var inColumns = columns.ge(l) & columns.lt(l + width.reshape(-1, 1));
        return inRows.unsqueeze(1).unsqueeze(3) & inColumns.unsqueeze(1).unsqueeze(2);
    }

    /// <summary>
    /// A box of the given size centred on (centreRow, centreColumn): it starts size / 2 (rounded
    /// down) before the centre, so an even size of 8 covers centre - 4 .. centre + 3.
    /// </summary>
    public static Tensor Centred(Tensor centreRow, Tensor centreColumn, Tensor height, Tensor width, long imageHeight, long imageWidth) =>
        Mask(centreRow - height.floor_divide(2), centreColumn - width.floor_divide(2), height, width, imageHeight, imageWidth);
}
