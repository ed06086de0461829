namespace LossBench.Host.Reports.Figures;

/// <summary>
/// One colour (and marker) per loss for every figure of a report: the loss's place in the
/// benchmark's list of losses picks it, so cross-entropy is the same blue in the robustness,
/// reliability and training figures. Okabe and Ito's palette (2008), safe for the common forms
/// of colour blindness, in an order that keeps the first losses far apart; yellow, weak on white,
/// comes last. From the ninth loss on, colours repeat with another marker shape, so no two losses
/// look alike.
/// </summary>
public sealed class LossPalette
{
    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
    private static readonly string[] Markers = ["circle", "square", "triangle", "diamond", "cross"];

    /// <summary>For lines that belong to no loss (references of a search): a neutral grey.</summary>
    public const string Neutral = "#666666";

    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    /// <param name="losses">The losses in the benchmark's order; losses met later (older results) take the next places.</param>
    public LossPalette(IEnumerable<string> losses)
    {
        foreach (var loss in losses) Position(loss);
    }

    public string Colour(string loss) => Colours[Position(loss) % Colours.Length];

    public string Marker(string loss) => Markers[Position(loss) / Colours.Length % Markers.Length];

    private int Position(string loss)
    {
        if (!_positions.TryGetValue(loss, out var position)) _positions[loss] = position = _positions.Count;
        return position;
    }
}
