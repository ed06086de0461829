using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>Hand-made batches for the augmentation tests.</summary>
internal static class AugmentationBatches
{
    /// <summary>
    /// N images [N, C, H, W] whose pixel (n, c, y, x) is a distinct value in [0, 1]
    /// (v / (count + 1) for its row-major position v + 1), labels n mod classes, one-hot targets.
    /// </summary>
    public static Batch Distinct(int n, int c, int h, int w, int classes = 10)
    {
        var count = n * c * h * w;
        var values = Enumerable.Range(1, count).Select(v => (float)v / (count + 1)).ToArray();
        return WithLabels(torch.tensor(values, [n, c, h, w]), classes);
    }

    /// <summary>Images of one value everywhere.</summary>
    public static Batch Constant(int n, int c, int h, int w, float value, int classes = 10) =>
        WithLabels(torch.full([n, c, h, w], value), classes);

    /// <summary>Labels n mod classes and their one-hot targets for the given images.</summary>
    public static Batch WithLabels(Tensor images, int classes)
    {
        var n = images.shape[0];
        var labels = torch.arange(n).remainder(classes);
        return new Batch(images, labels, torch.nn.functional.one_hot(labels, classes).to(ScalarType.Float32));
    }

    /// <summary>A [N, C, H, W] tensor as nested arrays [n][c][y][x], for hand computations.</summary>
    public static double[][][][] Pixels(Tensor images)
    {
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var flat = Expect.Values(images);
        return Enumerable.Range(0, n).Select(i => Enumerable.Range(0, c).Select(k => Enumerable.Range(0, h).Select(y =>
            Enumerable.Range(0, w).Select(x => flat[((i * c + k) * h + y) * w + x]).ToArray()).ToArray()).ToArray()).ToArray();
    }
}
