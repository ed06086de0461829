using AngleSharp.Html.Parser;
using LossBench.Host.Cli;
using LossBench.Host.Reports.Figures;
using LossBench.Host.Search;

namespace LossBench.Host.Tests.Reports.Figures;

/// <summary>search.html and its progress figure for hand-made search states, whose best-so-far lines are worked out below.</summary>
public sealed class SearchPageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lossbench-search-page-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static SearchMember Member(int index, double fitness, FitnessStatus status) =>
        new(index, [], 1, $"-y * log(p) * {index}", 3, fitness, status, 0.5, null, null);

    /// <summary>
    /// none: candidates 1-5 score 0.5 ok, 0.7 gated (never counts), 0.6 ok, 0.4 failed, 0.8 ok, so the best so far is
    /// 0.5, 0.5, 0.6, 0.6, 0.8 after each; references cross-entropy 0.65 and baikal 0.55. flip: candidate 1 failed (no line yet), 2 scores 0.3.
    /// </summary>
    private static IReadOnlyList<SearchState> States() =>
    [
        new SearchState
        {
            Augmentation = "none", Settings = "s", Random = [1],
            References = [new ReferenceResult("cross-entropy", 0.65, FitnessStatus.Ok, 1), new ReferenceResult("baikal", 0.55, FitnessStatus.Ok, 1)],
            History = [Member(0, 0.5, FitnessStatus.Ok), Member(1, 0.7, FitnessStatus.Gated), Member(2, 0.6, FitnessStatus.Ok), Member(3, 0.4, FitnessStatus.Failed), Member(4, 0.8, FitnessStatus.Ok)],
        },
        new SearchState
        {
            Augmentation = "flip", Settings = "s", Random = [1],
            History = [Member(0, 0.9, FitnessStatus.Failed), Member(1, 0.3, FitnessStatus.Ok)],
        },
    ];

    [Fact]
    public void The_progress_figure_is_the_best_fitness_so_far_with_the_references_as_flat_lines()
    {
        var figure = SearchFigures.Progress(States());
        var none = Assert.Single(figure.Series, s => s.Label == "none");
        // A step at each new best: (3, 0.5) then (3, 0.6), (5, 0.6) then (5, 0.8).
        Assert.Equal([1.0, 2, 3, 3, 4, 5, 5], none.X);
        Assert.Equal([0.5, 0.5, 0.5, 0.6, 0.6, 0.6, 0.8], none.Y);
        Assert.Equal("#0072B2", none.Colour);
        var flip = Assert.Single(figure.Series, s => s.Label == "flip");
        Assert.Equal([2.0], flip.X);
        Assert.Equal([0.3], flip.Y);
        Assert.Equal("#D55E00", flip.Colour);
        var references = figure.Series.Where(s => s.Label is null).ToArray();
        Assert.Equal(new[] { ("dashed", 0.65), ("dotted", 0.55) }, references.Select(r => (r.Pattern, r.Y[0])));
        Assert.All(references, r => Assert.Equal([1.0, 5], r.X));
        Assert.Contains("none: cross-entropy 0.6500; none: baikal 0.5500", figure.Note);
    }

    [Fact]
    public void The_page_holds_each_leaderboard_the_figure_and_the_formulas_and_loads_nothing()
    {
        Directory.CreateDirectory(_folder);
        var page = SearchPage.Write(_folder, "search", States(), top: 10, searchFile: null);
        Assert.Equal(Path.Combine(_folder, "search.html"), page);
        Assert.True(File.Exists(Path.Combine(_folder, "figures", "search-progress.svg")));
        var document = new HtmlParser().ParseDocument(File.ReadAllText(page));
        Assert.Equal("LossBench search: search", document.Title);
        var boards = document.QuerySelectorAll("table.leaderboard");
        Assert.Equal(2, boards.Length);
        // none: 2 references, then 3 distinct ok formulas (gated and failed candidates are not ranked).
        Assert.Equal(["ref", "ref", "1", "2", "3"], boards[0].QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td")!.TextContent));
        Assert.Equal("0.8000", boards[0].QuerySelectorAll("tbody tr")[2].QuerySelectorAll("td")[2].TextContent);
        Assert.NotNull(document.QuerySelector("figure[data-kind=search-progress] svg title"));
        Assert.Contains("expr: { formula: \"-y * log(p) * 4\" }", document.QuerySelector("#formulas pre")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("script, link, img, [src]"));
    }
}
