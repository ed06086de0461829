using LossBench.Host.Results;

namespace LossBench.Host.Reports.Figures;

/// <summary>
/// Writes a report's figures to &lt;results&gt;/figures/ as SVG (and PNG when asked), each file
/// atomically. Figures of an earlier report that this one no longer has are removed, so the
/// folder always holds the figures of the current report and nothing else.
/// </summary>
public static class FigureWriter
{
    public const string Folder = "figures";

    public static IReadOnlyList<RenderedFigure> Write(IReadOnlyList<Figure> figures, string resultsDirectory, bool png)
    {
        var folder = Path.Combine(resultsDirectory, Folder);
        var rendered = new List<RenderedFigure>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var figure in figures)
        {
            var svg = FigureRenderer.Svg(figure);
            var svgPath = Path.Combine(folder, figure.Name + ".svg");
            AtomicFile.WriteAllText(svgPath, svg);
            written.Add(svgPath);
            if (png)
            {
                var pngPath = Path.Combine(folder, figure.Name + ".png");
                var bytes = FigureRenderer.Png(figure);
                AtomicFile.Write(pngPath, stream => stream.Write(bytes));
                written.Add(pngPath);
            }
            rendered.Add(new RenderedFigure(figure, svg, Folder + "/" + figure.Name + ".svg"));
        }
        if (Directory.Exists(folder))
            foreach (var stale in Directory.EnumerateFiles(folder).Where(f => (f.EndsWith(".svg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal)) && !written.Contains(f)))
            {
                try { File.Delete(stale); }
                catch (IOException) { }
            }
        return rendered;
    }
}
