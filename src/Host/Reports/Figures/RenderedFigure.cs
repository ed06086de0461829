namespace LossBench.Host.Reports.Figures;

/// <summary>A figure with its SVG, rendered once for its file and the HTML page; <see cref="File"/> is relative to the results folder (figures/&lt;name&gt;.svg).</summary>
public sealed record RenderedFigure(Figure Figure, string Svg, string File);
