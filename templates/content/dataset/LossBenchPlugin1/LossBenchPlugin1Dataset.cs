using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1;

/// <summary>
/// A synthetic data set of 12x12 grey images in 4 classes: class k is a bright horizontal bar in
/// band k of the image, plus uniform noise. Made from the cell's seed, so every run of a cell sees the
/// same images. Replace it with your own loader; keep the contract (float32 [N,C,H,W] in [0, 1],
/// int64 labels, randomness only from the seed or the options).
/// </summary>
[Plugin("plugin-kebab-name", Summary = "Synthetic 12x12 images of four horizontal bars, with noise")]
public sealed class LossBenchPlugin1Dataset(LossBenchPlugin1Options options) : IDataset
{
    private const int Side = 12, Classes = 4;

    public DatasetInfo Info { get; } = new(Channels: 1, Height: Side, Width: Side, Classes: Classes)
    {
        ClassNames = ["top", "upper-middle", "lower-middle", "bottom"],
    };

    public DataSplits Load(DataContext context)
    {
        using var generator = new Generator(context.Seed);
        return new DataSplits(Split(options.Train, generator), Split(options.Test, generator));
    }

    private TensorDataset Split(int count, Generator generator)
    {
        // The splits outlive any dispose scope of the caller: build them in a scope of their own and
        // detach what is kept, so that nothing else is left behind.
        using var scope = NewDisposeScope();
        var labels = randint(Classes, [count], generator);
        // The band of each row (rows 0-2: 0, rows 3-5: 1, ...); bar[n, y] = 1 where row y lies in the band of label n.
        var bandOfRow = (arange(Side, ScalarType.Float32) / (Side / Classes)).floor();
        var bars = bandOfRow.unsqueeze(0).eq(labels.unsqueeze(1).to(ScalarType.Float32)).to(ScalarType.Float32);
        var clean = bars.view(count, 1, Side, 1).expand(count, 1, Side, Side);
        var images = (clean * (1 - options.Noise) + rand([count, 1, Side, Side], generator) * options.Noise).clamp(0, 1);
        return new TensorDataset(images.contiguous().DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }
}
