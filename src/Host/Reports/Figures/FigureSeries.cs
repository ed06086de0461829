namespace LossBench.Host.Reports.Figures;

/// <summary>
/// One line of a figure: points (x, y), and optionally a band [low, high] around y (mean ± one
/// sample standard deviation over seeds). Colour and marker come from the loss
/// (<see cref="LossPalette"/>), the line pattern from what the line is (an attack solid, its control dashed).
/// </summary>
/// <param name="Label">Legend text; null for a further line of a loss already in the legend (one line per seed).</param>
/// <param name="Loss">The loss the line belongs to (its colour), or null for a line of no loss (a reference, a search).</param>
/// <param name="Colour">#RRGGBB.</param>
/// <param name="Pattern">solid, dashed or dotted.</param>
/// <param name="Marker">circle, square, triangle, diamond, cross or none.</param>
/// <param name="Seeds">How many seeds the points average (0 for a single cell's or a search's line).</param>
public sealed record FigureSeries(string? Label, string? Loss, string Colour, string Pattern, string Marker, IReadOnlyList<double> X, IReadOnlyList<double> Y, int Seeds)
{
    public IReadOnlyList<double>? Low { get; init; }
    public IReadOnlyList<double>? High { get; init; }
}
