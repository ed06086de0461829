using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Losses;

/// <summary>One term of <see cref="ComboLoss"/>: <c>{ dice: { smooth: 1 }, weight: 0.5 }</c>.</summary>
public sealed record ComboTerm
{
    [Description("the loss of this term, written inline: { <loss>: { options }, weight: w }")]
    [InlineReference]
    public PluginReference<ILoss>? Loss { get; init; }

    [Description("the term's weight w")]
    [Range(double.MinValue, double.MaxValue)]
    public double Weight { get; init; } = 1;
}
