using LossBench.Host.Reports.Figures;
using LossBench.Host.Reports.Html;
using LossBench.Host.Results;
using LossBench.Host.Search;

namespace LossBench.Host.Cli;

/// <summary>Writes a search's search.html and its progress figure (figures/search-progress.svg) into the search folder, atomically.</summary>
public static class SearchPage
{
    public const string FileName = "search.html";

    /// <returns>The page's path.</returns>
    public static string Write(string folder, string name, IReadOnlyList<SearchState> states, int top, string? searchFile)
    {
        var figures = FigureWriter.Write([SearchFigures.Progress(states)], folder, png: false);
        var full = searchFile is null ? null : Path.GetFullPath(searchFile);
        string? text = null;
        try
        {
            if (full is not null && File.Exists(full)) text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        var page = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(page, SearchHtmlExporter.Export(name, states, top, figures[0], full, text, ToolVersion.Describe()));
        return page;
    }
}
