using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// A base data set with a planted shortcut: every image is made RGB (grey copied to three channels;
/// a base with three channels keeps them)
/// and gets a feature (a border or a corner patch) in one of C colours, the planted attribute a. In
/// the train and test splits a equals the label with probability rho and is another class chosen
/// uniformly otherwise; in the extra split <c>ood</c> (the base test images again) a is uniform and
/// independent of the label. The attribute is declared as the bias attribute, so `bias: known` works.
/// A model that learns the colour scores well in distribution and near chance on ood.
/// </summary>
[Plugin("shortcut", Summary = "A base data set with a spurious coloured border or patch that agrees with the label with probability rho (ood: independent)")]
public sealed class ShortcutDataset(ShortcutOptions options, IPluginFactory plugins) : IDataset, IDeclaresDatasetTraits<ShortcutOptions>
{
    private readonly ShortcutOptions _options = options;
    // The host binds the base (mnist-10k unless given) before this plugin is built.
    private readonly Lazy<IDataset> _base = new(() => plugins.Create(options.Base
        ?? throw new InvalidOperationException("shortcut.base was not bound (the host binds its default, mnist-10k)")));

    /// <summary>The planted attribute is the bias attribute, whatever the options.</summary>
    public static DatasetTraits TraitsOf(ShortcutOptions options) => new() { HasBiasAttribute = true };

    public DatasetInfo Info
    {
        get
        {
            var info = _base.Value.Info;
            return new DatasetInfo(3, info.Height, info.Width, info.Classes) { ClassNames = info.ClassNames };
        }
    }

    public DataSplits Load(DataContext context)
    {
        var info = _base.Value.Info;
        using var baseSplits = _base.Value.Load(context);
        using var generator = new Generator(_options.Seed);
        var palette = Palette(info.Classes);
        var train = Plant(baseSplits.Train, info.Classes, _options.Rho, generator, palette);
        var test = Plant(baseSplits.Test, info.Classes, _options.Rho, generator, palette);
        var ood = Plant(baseSplits.Test, info.Classes, rho: null, generator, palette);
        palette.Dispose();
        return new DataSplits(train, test, new Dictionary<string, TensorDataset> { ["ood"] = ood });
    }

    /// <summary>Attributes (label with probability rho, else another class; or uniform when rho is null) and the painted images.</summary>
    private TensorDataset Plant(TensorDataset split, int classes, double? rho, Generator generator, Tensor palette)
    {
        using var scope = NewDisposeScope();
        var n = split.Count;
        Tensor attribute;
        if (rho is { } r)
        {
            var keep = rand([n], generator).lt(r);
            // Another class, uniformly: label + k mod C with k in 1..C-1.
            var other = (split.Labels + randint(1, classes, [n], generator)).remainder(classes);
            attribute = where(keep, split.Labels, other);
        }
        else
        {
            attribute = randint(0, classes, [n], generator);
        }
        var images = split.Images.shape[1] == 1 ? split.Images.repeat(1, 3, 1, 1) : split.Images.clone();
        var mask = Mask(split.Images.shape[2], split.Images.shape[3]);
        var colours = palette.index_select(0, attribute).reshape([n, 3, 1, 1]);
        images = images * (1 - mask) + colours * mask;
        return new TensorDataset(images.MoveToOuterDisposeScope(), split.Labels.clone().MoveToOuterDisposeScope(), attribute.MoveToOuterDisposeScope());
    }

    /// <summary>1 where the feature is painted, 0 elsewhere, [1, 1, H, W].</summary>
    private Tensor Mask(long height, long width)
    {
        var w = Math.Min(_options.Width, (int)Math.Min(height, width));
        var mask = zeros([height, width], ScalarType.Float32);
        using (no_grad())
        {
            if (_options.Feature == ShortcutFeature.Patch)
            {
                mask[TensorIndex.Slice(0, w), TensorIndex.Slice(0, w)].fill_(1);
            }
            else
            {
                mask[TensorIndex.Slice(0, w)].fill_(1);
                mask[TensorIndex.Slice(height - w, height)].fill_(1);
                mask[TensorIndex.Slice(), TensorIndex.Slice(0, w)].fill_(1);
                mask[TensorIndex.Slice(), TensorIndex.Slice(width - w, width)].fill_(1);
            }
        }
        return mask.reshape([1, 1, height, width]);
    }

    /// <summary>C colours at evenly spaced hues (full saturation and value), [C, 3] in [0, 1].</summary>
    internal static Tensor Palette(int classes)
    {
        var rgb = new float[classes * 3];
        for (var k = 0; k < classes; k++)
        {
            var h = 6.0 * k / classes;
            var x = 1 - Math.Abs(h % 2 - 1);
            (double r, double g, double b) = (int)h switch { 0 => (1.0, x, 0.0), 1 => (x, 1.0, 0.0), 2 => (0.0, 1.0, x), 3 => (0.0, x, 1.0), 4 => (x, 0.0, 1.0), _ => (1.0, 0.0, x) };
            rgb[k * 3] = (float)r;
            rgb[k * 3 + 1] = (float)g;
            rgb[k * 3 + 2] = (float)b;
        }
        return tensor(rgb, [classes, 3]);
    }
}
