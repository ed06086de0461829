using System.Globalization;
using System.Text;
using LossBench.Host.Reports.Figures;
using LossBench.Host.Search;

namespace LossBench.Host.Reports.Html;

/// <summary>
/// search.html: the leaderboard of each augmentation's search (references, then the best distinct
/// formulas with fitness, size and candidate number), the progress figure inline, the formulas as
/// paste-ready `expr:` entries, and the search file. Self-contained like report.html.
/// </summary>
public static class SearchHtmlExporter
{
    public static string Export(string name, IReadOnlyList<SearchState> states, int top, RenderedFigure progress, string? searchFile, string? searchText, string tool)
    {
        var html = new StringBuilder();
        HtmlPage.Open(html, $"LossBench search: {name}");
        html.Append("<header>\n<h1>LossBench search: ").Append(E(name)).Append("</h1>\n");
        HtmlPage.Facts(html,
        [
            ("search file", searchFile ?? "none (the built-in defaults)"),
            ("page written by", tool),
            ("augmentations", string.Join(", ", states.Select(s => s.Augmentation))),
            ("fitness", "best validation accuracy of the surrogate training run"),
        ]);
        html.Append("</header>\n<section id=\"leaderboards\">\n<h2>Leaderboards</h2>\n");
        foreach (var state in states)
        {
            var history = state.History;
            html.Append("<h3>Augmentation: ").Append(E(state.Augmentation)).Append("</h3>\n<p class=\"note\">").Append(E(string.Create(CultureInfo.InvariantCulture,
                $"{history.Count} candidate(s) trained ({history.Count(m => m.Status == FitnessStatus.Gated)} stopped by the gate, {history.Count(m => m.Status == FitnessStatus.Diverged)} diverged, " +
                $"{history.Count(m => m.Status == FitnessStatus.Failed)} failed); {state.Rejected} turned down by the integrity check.")))
                .Append("</p>\n<div class=\"scroll\"><table class=\"leaderboard\">\n<thead><tr><th>rank</th><th>loss</th><th>fitness</th><th>size</th><th>candidate #</th></tr></thead>\n<tbody>\n");
            foreach (var row in SearchLeaderboard.Rows(state, top))
            {
                html.Append("<tr><td>").Append(row.IsReference ? "ref" : row.Rank!.Value.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(row.IsReference ? E(row.Loss) : "<code>" + E(row.Loss) + "</code>").Append("</td><td class=\"number\">")
                    .Append(row.Status == FitnessStatus.Ok ? row.Fitness.ToString("0.0000", CultureInfo.InvariantCulture) : row.Status.ToString().ToLowerInvariant())
                    .Append("</td><td class=\"number\">").Append(row.Size?.ToString(CultureInfo.InvariantCulture) ?? "")
                    .Append("</td><td class=\"number\">").Append((row.Candidate + 1)?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td></tr>\n");
            }
            html.Append("</tbody></table></div>\n");
        }
        html.Append("</section>\n<section id=\"figures\">\n<h2>Progress</h2>\n");
        var figure = progress.Figure;
        html.Append("<figure id=\"figure-").Append(E(figure.Name)).Append("\" data-kind=\"").Append(E(figure.Kind)).Append("\" data-title=\"").Append(E(figure.Title))
            .Append("\" data-x-label=\"").Append(E(figure.XLabel)).Append("\" data-y-label=\"").Append(E(figure.YLabel)).Append("\">\n")
            .Append(FigureRenderer.InlineSvg(progress.Svg, figure.Name + "-", figure.Title)).Append('\n')
            .Append("<figcaption><strong>").Append(E(figure.Title)).Append("</strong>. ").Append(E(figure.Note)).Append("</figcaption>\n</figure>\n</section>\n");
        html.Append("<section id=\"formulas\">\n<h2>The formulas</h2>\n<p class=\"note\">Paste these entries into a benchmark's <code>losses:</code> list (also in best-losses.yaml).</p>\n<pre><code>")
            .Append(E(SearchLeaderboard.PasteYaml(states, top))).Append("</code></pre>\n</section>\n");
        if (searchText is not null)
            html.Append("<section id=\"search-file\">\n<h2>The search file</h2>\n<pre><code>").Append(E(searchText)).Append("</code></pre>\n</section>\n");
        HtmlPage.Close(html);
        return html.ToString();
    }

    private static string E(string text) => HtmlPage.Encode(text);
}
