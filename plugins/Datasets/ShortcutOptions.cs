using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Datasets;

/// <summary>Options of <see cref="ShortcutDataset"/>.</summary>
public sealed record ShortcutOptions
{
    [Description("the base data set: a name or { name: { options } }")]
    [DefaultValue("mnist-10k")]
    public PluginReference<IDataset>? Base { get; init; }

    [Description("the spurious feature: border (a coloured frame) or patch (a coloured corner square)")]
    public ShortcutFeature Feature { get; init; } = ShortcutFeature.Border;

    [Description("probability that the feature's colour is the label's colour in the train and test splits (independent of the label in ood)")]
    [Range(0.0, 1.0)]
    public double Rho { get; init; } = 0.95;

    [Description("width in pixels of the border, or side of the patch")]
    [Range(1, 64)]
    public int Width { get; init; } = 2;

    [Description("seed of the colour assignment (the same for every benchmark seed)")]
    public ulong Seed { get; init; }
}
