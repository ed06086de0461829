using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// Draws a <see cref="Figure"/> with ScottPlot: each series a line with markers in its loss's
/// colour and its own pattern, bands as translucent fills of the same colour, the legend below
/// the plot (one entry per loss), title and axis labels as given. SVG for files and the HTML page, PNG on request.
/// SkiaSharp's SVG canvas cannot write dash patterns (it draws them solid and says "Unsupported path
/// effect" on standard output), so for SVG a dashed or dotted line is drawn solid in a colour one
/// step away from its own in the last bits of blue, and that colour is then rewritten into its own
/// with a stroke-dasharray (<see cref="Dash"/>).
/// </summary>
public static partial class FigureRenderer
{
    public const int Width = 760;
    public const int Height = 520;

    /// <summary>The figure as a standalone SVG document.</summary>
    public static string Svg(Figure figure)
    {
        var svg = Plot(figure, svg: true).GetSvgXml(Width, Height);
        foreach (var pattern in new[] { "dashed", "dotted" })
        foreach (var colour in figure.Series.Where(s => s.Pattern == pattern).Select(s => s.Colour).Append(DiagonalColour).Distinct())
        {
            var marked = Marked(colour, pattern);
            svg = svg.Replace($"stroke=\"{marked}\"", $"stroke=\"{colour}\" stroke-dasharray=\"{Dash(pattern)}\"", StringComparison.OrdinalIgnoreCase)
                .Replace($"fill=\"{marked}\"", $"fill=\"{colour}\"", StringComparison.OrdinalIgnoreCase);
        }
        // The font ScottPlot measured with first; a viewer without it takes a sans-serif face rather than its default serif.
        return FontFamily().Replace(svg, m => $"font-family=\"{m.Groups[1].Value}, sans-serif\"");
    }

    public static byte[] Png(Figure figure) => Plot(figure, svg: false).GetImageBytes(Width, Height, ImageFormat.Png);

    private const string DiagonalColour = "#808080";

    private static string Dash(string pattern) => pattern == "dotted" ? "2 3" : "7 4";

    /// <summary>#RRGGBB with the two lowest bits of blue flipped by 1 (dashed) or 2 (dotted): a colour no palette entry has, and the eye cannot tell apart.</summary>
    private static string Marked(string colour, string pattern)
    {
        var blue = Convert.ToInt32(colour[5..7], 16) ^ (pattern == "dotted" ? 2 : 1);
        return colour[..5].ToUpperInvariant() + blue.ToString("X2", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The SVG ready to sit inside an HTML page beside other figures: without the XML declaration,
    /// scaled to the page's width (a viewBox), and with its element ids (ScottPlot's clip paths,
    /// which repeat from figure to figure) prefixed with <paramref name="idPrefix"/> so that no two
    /// figures of one page share an id, with a title element for screen readers.
    /// </summary>
    public static string InlineSvg(string svg, string idPrefix, string title)
    {
        var body = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
        body = IdAttribute().Replace(body, m => $"id=\"{idPrefix}{m.Groups[1].Value}\"");
        body = IdReference().Replace(body, m => $"url(#{idPrefix}{m.Groups[1].Value})");
        var open = body.IndexOf('>');
        var head = body[..open]
            .Replace($"width=\"{Width}\" height=\"{Height}\"",
                string.Create(CultureInfo.InvariantCulture, $"viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" class=\"figure\""), StringComparison.Ordinal);
        return head + ">\n<title>" + System.Net.WebUtility.HtmlEncode(title) + "</title>" + body[(open + 1)..];
    }

    private static Plot Plot(Figure figure, bool svg)
    {
        Color Stroke(string colour, string pattern) => Color.FromHex(svg && pattern != "solid" ? Marked(colour, pattern) : colour);
        LinePattern Pattern(string pattern) => svg ? LinePattern.Solid : pattern switch { "dashed" => LinePattern.Dashed, "dotted" => LinePattern.Dotted, _ => LinePattern.Solid };
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(figure.Title, 15);
        plot.XLabel(figure.XLabel, 13);
        plot.YLabel(figure.YLabel, 13);
        foreach (var series in figure.Series.Where(s => s.Low is not null && s.High is not null))
        {
            var band = plot.Add.FillY(series.X.ToArray(), series.Low!.ToArray(), series.High!.ToArray());
            band.FillColor = Color.FromHex(series.Colour).WithAlpha(0.18);
            band.LineWidth = 0;
        }
        if (figure.Diagonal)
        {
            var diagonal = plot.Add.Line(0, 0, 1, 1);
            diagonal.Color = Stroke(DiagonalColour, "dotted");
            diagonal.LinePattern = Pattern("dotted");
            diagonal.LineWidth = 1;
        }
        foreach (var series in figure.Series)
        {
            var line = plot.Add.Scatter(series.X.ToArray(), series.Y.ToArray(), Stroke(series.Colour, series.Pattern));
            line.LineWidth = series.Seeds == 0 ? 1.5f : 2;
            line.LinePattern = Pattern(series.Pattern);
            line.MarkerSize = series.Marker == "none" ? 0 : 6;
            line.MarkerShape = series.Marker switch
            {
                "square" => MarkerShape.FilledSquare,
                "triangle" => MarkerShape.FilledTriangleUp,
                "diamond" => MarkerShape.FilledDiamond,
                "cross" => MarkerShape.Cross,
                "none" => MarkerShape.None,
                _ => MarkerShape.FilledCircle,
            };
            if (series.Label is not null) line.LegendText = series.Label;
        }
        // Below the plot: loss labels can be long (a combo spells its terms), and beside it they would squeeze the data.
        if (figure.Series.Any(s => s.Label is not null)) plot.ShowLegend(Edge.Bottom);
        if (figure.UnitY) plot.Axes.SetLimitsY(-0.02, 1.02);
        if (figure.Diagonal) plot.Axes.SetLimitsX(-0.02, 1.02);
        return plot;
    }

    [GeneratedRegex("font-family=\"([^\",]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex FontFamily();

    [GeneratedRegex("id=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex IdReference();
}
