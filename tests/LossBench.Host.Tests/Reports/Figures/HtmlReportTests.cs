using AngleSharp.Html.Parser;
using LossBench.Host.Cli;
using LossBench.Host.Results;
using LossBench.Tests.Shared;

namespace LossBench.Host.Tests.Reports.Figures;

/// <summary>
/// report.html and the figure files as `lossbench report` writes them for a synthetic results
/// folder (2 losses x 3 seeds x 2 augmentations; of the second loss, seed 0 diverged and seed 1 failed under each augmentation), parsed with a
/// real HTML parser and checked against what the folder holds.
/// </summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lossbench-html-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private (string Folder, string Output) Report(ReportOutputs outputs)
    {
        var folder = SyntheticResults.Write(_root, new(Losses: 2, Seeds: 3, Augmentations: 2) { Lost = [(1, 0), (1, 1)] });
        using var output = new StringWriter();
        ReportCommand.PrintAndWrite(new ResultStore(folder), output, TextWriter.Null, outputs);
        return (folder, output.ToString());
    }

    [Fact]
    public void The_page_is_well_formed_self_contained_and_holds_every_table_figure_and_lost_cell()
    {
        var (folder, output) = Report(new ReportOutputs(Html: true, Png: false));
        var path = Path.Combine(folder, "report.html");
        Assert.Contains($"report: {path} (report.md, .csv, .json, 14 figure(s) in figures/)", output);
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var errors = new List<string>();
        var parser = new HtmlParser(new HtmlParserOptions { IsStrictMode = false });
        parser.Error += (_, e) =>
        {
            var error = (AngleSharp.Html.Dom.Events.HtmlErrorEvent)e;
            // AngleSharp compares an end tag in SVG with the open element's adjusted name (clipPath)
            // case-sensitively; the HTML standard (13.2.6.5, "any other end tag") compares them
            // lower-cased, so </clipPath> is no error there. Every other error counts, and each
            // figure is also parsed as strict XML below.
            if (lines[error.Position.Line - 1].Trim() != "</clipPath>") errors.Add($"line {error.Position.Line}, column {error.Position.Column}: {error.Message}");
        };
        var document = parser.ParseDocument(text);
        Assert.Empty(errors);
        Assert.StartsWith("<!DOCTYPE html>", text);
        Assert.Equal("LossBench report: synthetic", document.Title);
        Assert.Single(document.QuerySelectorAll("h1"));

        // Self-contained: no script, nothing loaded from anywhere (no src, no style sheet link, no web address in a link or style).
        Assert.Empty(document.QuerySelectorAll("script, link, iframe, img, object, embed"));
        Assert.Empty(document.QuerySelectorAll("[src]"));
        Assert.DoesNotContain("http://", document.QuerySelector("style")!.TextContent);
        Assert.All(document.QuerySelectorAll("a[href]"), a => Assert.DoesNotMatch("^[a-z]+:", a.GetAttribute("href")!));
        var ids = document.QuerySelectorAll("[id]").Select(e => e.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());

        // Two table specs x two augmentation columns: 2 tables, each with a row per loss, summary and differences.
        var summaries = document.QuerySelectorAll("table.summary");
        Assert.Equal(["clean.accuracy", "fgsm.accuracy@eps=0.1"], summaries.Select(t => t.GetAttribute("data-metric")));
        Assert.All(summaries, t => Assert.Equal(2, t.QuerySelectorAll("tbody tr").Length));
        Assert.Equal(2, document.QuerySelectorAll("table.differences").Length);
        // cross-entropy / none over seeds 0, 1, 2: clean 0.90, 0.91, 0.92 -> 0.9100 ± 0.0100 (n=3).
        Assert.Equal("0.9100 ± 0.0100 (n=3)", summaries[0].QuerySelector("tbody tr td")!.TextContent);
        // focal(gamma=1) / none kept one seed of three: 0.88 + 0.02.
        Assert.Equal("0.9000 ± - (n=1 of 3, 1 diverged, 1 failed)", summaries[0].QuerySelectorAll("tbody tr")[1].QuerySelector("td")!.TextContent);

        // 7 figures per augmentation, each an inline SVG with a title, axis labels in its text, and a caption.
        var figures = document.QuerySelectorAll("figure");
        Assert.Equal(14, figures.Length);
        foreach (var figure in figures)
        {
            var svg = figure.QuerySelector("svg");
            Assert.NotNull(svg);
            var drawn = System.Text.RegularExpressions.Regex.Replace(svg.TextContent, @"\s+", " ");
            Assert.Contains(figure.GetAttribute("data-title")!, drawn);
            Assert.Contains(figure.GetAttribute("data-x-label")!, drawn);
            Assert.Contains(figure.GetAttribute("data-y-label")!, drawn);
            Assert.NotNull(figure.QuerySelector("figcaption"));
        }
        // Each inline figure is also well-formed XML, as written into the page.
        var inline = System.Text.RegularExpressions.Regex.Matches(text, "<svg[\\s\\S]*?</svg>").Select(m => m.Value).ToArray();
        Assert.Equal(14, inline.Length);
        foreach (var svg in inline) System.Xml.Linq.XDocument.Parse(svg);
        Assert.Equal(14, Directory.GetFiles(Path.Combine(folder, "figures"), "*.svg").Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "figures"), "*.png"));

        // Status counts and the lost cells with their messages; the benchmark file itself.
        Assert.Contains("12 cell(s) planned, 12 with results: 8 ok, 2 diverged, 2 failed", document.QuerySelector("#cells .counts")!.TextContent);
        var lost = document.QuerySelectorAll("table.lost-cells tbody tr").Select(r => r.TextContent).ToArray();
        Assert.Equal(4, lost.Length); // seeds 0 and 1 of focal(gamma=1) under both augmentations
        Assert.Contains(lost, r => r.Contains("diverged") && r.Contains("the loss became NaN at step 17"));
        Assert.Contains(lost, r => r.Contains("failed") && r.Contains("a synthetic failure"));
        Assert.Contains("# a synthetic results folder: nothing was trained", document.QuerySelector("#benchmark-file pre")!.TextContent);
        Assert.Contains("Synthetic CPU @ 2.0GHz", document.QuerySelector("header")!.TextContent);
    }

    [Fact]
    public void Without_html_no_page_is_written_and_png_adds_a_png_beside_each_svg()
    {
        var (folder, _) = Report(new ReportOutputs(Html: false, Png: true));
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
        var pngs = Directory.GetFiles(Path.Combine(folder, "figures"), "*.png");
        Assert.Equal(14, pngs.Length);
        // The PNG signature.
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, File.ReadAllBytes(pngs[0]).Take(8));
    }
}
