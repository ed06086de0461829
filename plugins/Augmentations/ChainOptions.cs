using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Augmentations;

/// <summary>Options of <see cref="ChainAugmentation"/>: <c>of: [crop, { cutout: { size: 6 } }]</c>.</summary>
public sealed record ChainOptions
{
    [Description("the augmentations applied in order: each a name or { name: { options } }")]
    [Required(ErrorMessage = "give the members, like [crop, {{ cutout: {{ size: 6 }} }}]")]
    [MinLength(1, ErrorMessage = "give at least one member, like [crop, {{ cutout: {{ size: 6 }} }}]")]
    public IReadOnlyList<PluginReference<IAugmentation>>? Of { get; init; }
}
