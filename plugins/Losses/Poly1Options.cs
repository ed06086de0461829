using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Losses;

/// <summary>Options of <see cref="Poly1Loss"/>.</summary>
public sealed record Poly1Options
{
    [Description("coefficient epsilon of the first polynomial term (1 - p_t); 0 is cross-entropy")]
    [Range(-1.0, 100.0)]
    public double Epsilon { get; init; } = 1;
}
