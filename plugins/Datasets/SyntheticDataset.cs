using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// Generated shapes, one class per shape (<see cref="SyntheticShapes.Names"/>, the first
/// <see cref="SyntheticOptions.Classes"/> of them), for fast tests and demos: no files, any size.
/// Each image is a shape of random position (centre within 12% of the side from the middle), radius
/// (25% to 40% of the side) and brightness (0.6 to 1; with 3 channels, a colour of random hue at
/// that brightness) on a grey background (0 to 0.3), plus Gaussian noise, clipped to [0, 1].
/// Classes are balanced: the labels are 0, 1, ..., C-1 repeated and then shuffled, so class counts
/// differ by at most one. Everything comes from <see cref="SyntheticOptions.Seed"/>, never from the
/// cell's seed: every cell of a benchmark sees the same images. The train split is drawn from
/// Generator(seed) and the test split from Generator(seed + 0x9E3779B97F4A7C15), so changing one
/// split's size leaves the other unchanged.
/// </summary>
[Plugin("synthetic", Summary = "Generated shapes (disk, ring, square, ...; one class per shape), deterministic by seed; no files")]
public sealed class SyntheticDataset(SyntheticOptions options) : IDataset
{
    /// <summary>Added to the seed for the test split's generator (the 64-bit golden ratio, wrapping).</summary>
    public const ulong TestSeedOffset = 0x9E3779B97F4A7C15UL;

    private const int BatchImages = 1024;

    public DatasetInfo Info { get; } = new(options.Channels, options.Size, options.Size, options.Classes)
    {
        ClassNames = SyntheticShapes.Names.Take(options.Classes).ToArray(),
    };

    public DataSplits Load(DataContext context)
    {
        var train = Generate(options.Train, options.Seed);
        return new DataSplits(train, Generate(options.Test, unchecked(options.Seed + TestSeedOffset)));
    }

    private TensorDataset Generate(int count, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var labels = (arange(count) % options.Classes).index_select(0, randperm(count, generator));
        var batches = new List<Tensor>();
        for (long start = 0; start < count; start += BatchImages)
        {
            using var batchScope = NewDisposeScope();
            var batchLabels = labels.narrow(0, start, Math.Min(BatchImages, count - start));
            batches.Add(Draw(batchLabels, generator).MoveToOuterDisposeScope());
        }
        var images = batches.Count == 1 ? batches[0] : cat(batches, 0);
        return new TensorDataset(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    /// <summary>Images [n, C, S, S] of the shapes the labels name.</summary>
    private Tensor Draw(Tensor labels, Generator generator)
    {
        var n = labels.shape[0];
        long size = options.Size;
        var middle = (size - 1) / 2.0;
        var centreX = (middle + (rand([n], generator) * 2 - 1) * (0.12 * size)).reshape([n, 1, 1]);
        var centreY = (middle + (rand([n], generator) * 2 - 1) * (0.12 * size)).reshape([n, 1, 1]);
        var radius = ((rand([n], generator) * 0.15 + 0.25) * size).reshape([n, 1, 1]);
        var coordinates = arange(size).to(ScalarType.Float32);
        var u = (coordinates.reshape([1, 1, size]) - centreX) / radius;
        var v = (coordinates.reshape([1, size, 1]) - centreY) / radius;
        var masks = SyntheticShapes.Masks(u.expand(n, size, size), v.expand(n, size, size));
        var mask = masks.gather(1, labels.reshape([n, 1, 1, 1]).expand(n, 1, size, size));

        var background = (rand([n], generator) * 0.3).reshape([n, 1, 1, 1]);
        var brightness = (rand([n], generator) * 0.4 + 0.6).reshape([n, 1, 1, 1]);
        var foreground = options.Channels == 3 ? brightness * Hues(rand([n], generator)) : brightness;
        var images = background + (foreground - background) * mask;
        if (options.Noise > 0)
            images = images + randn([n, options.Channels, size, size], generator) * options.Noise;
        return images.clamp(0, 1);
    }

    /// <summary>Fully saturated colours [n, 3, 1, 1] of the given hues in [0, 1).</summary>
    private static Tensor Hues(Tensor hue)
    {
        var h = hue * 6;
        var red = ((h - 3).abs() - 1).clamp(0, 1);
        var green = (2 - (h - 2).abs()).clamp(0, 1);
        var blue = (2 - (h - 4).abs()).clamp(0, 1);
        return stack([red, green, blue], 1).reshape([hue.shape[0], 3, 1, 1]);
    }
}
