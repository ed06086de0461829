using LossBench.Host.Reports.Figures;
using LossBench.Host.Results;
using LossBench.Tests.Shared;

namespace LossBench.Host.Tests.Reports.Figures;

/// <summary>
/// The figures' numbers against values worked out from <see cref="SyntheticResults"/>' formulas:
/// with seeds 0, 1, 2 a line is the formula at seed 1 and its band ± 0.01 (the sample std of
/// x, x + 0.01, x + 0.02). Read back through the results store, as the report command reads them.
/// </summary>
public sealed class FigureBuilderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lossbench-figures-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IReadOnlyList<Figure> Figures(SyntheticResults.Options options)
    {
        var store = new ResultStore(SyntheticResults.Write(_root, options));
        var benchmark = store.ReadBenchmark();
        var cells = store.InspectAll().Select(f => f.Record!).ToArray();
        return FigureBuilder.Build(cells, benchmark.AxisOrder, benchmark.Evaluations);
    }

    private static FigureSeries Line(Figure figure, string loss, string pattern = "solid") =>
        Assert.Single(figure.Series, s => s.Loss == loss && s.Pattern == pattern);

    private static void Close(IReadOnlyList<double> expected, IReadOnlyList<double>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"point {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void An_attack_is_drawn_from_its_metrics_as_the_mean_over_seeds_with_a_one_std_band_and_its_noise_control_dashed()
    {
        var figure = Assert.Single(Figures(new(Losses: 2, Seeds: 3, Augmentations: 1)), f => f.Kind == "robustness");
        Assert.Equal("robustness-fgsm", figure.Name);
        // cross-entropy (i = 0): clean 0.9 + 0.01 s, mean 0.91; accuracy@eps=e = clean - e.
        var ce = Line(figure, "cross-entropy");
        Close([0, 0.1, 0.2], ce.X);
        Close([0.91, 0.81, 0.71], ce.Y);
        Close([0.90, 0.80, 0.70], ce.Low);
        Close([0.92, 0.82, 0.72], ce.High);
        Assert.Equal(3, ce.Seeds);
        // focal(gamma=1) (i = 1): clean 0.88 + 0.01 s, mean 0.89; accuracy@eps=e = clean - 2 e.
        Close([0.89, 0.69, 0.49], Line(figure, "focal(gamma=1)").Y);
        // The control: clean - e / 2.
        var noise = Line(figure, "cross-entropy", "dashed");
        Close([0.91, 0.86, 0.81], noise.Y);
        Assert.Null(noise.Label); // the legend names each loss once
        Assert.Contains("dashed: accuracy under sign noise (the control)", figure.Note);
        Assert.Contains("L-inf norm", figure.XLabel);
        Assert.Equal("accuracy (fraction correct)", figure.YLabel);
    }

    [Fact]
    public void Salient_pixels_training_curves_spectrum_reliability_and_roc_come_from_their_own_numbers()
    {
        var figures = Figures(new(Losses: 2, Seeds: 3, Augmentations: 1));
        Assert.Equal(["training-loss", "test-accuracy", "reliability", "robustness", "saliency", "curvature-spectrum", "roc"], figures.Select(f => f.Kind));
        // salient.accuracy@k=f = clean - f (2 + i); random = clean - f.
        var saliency = figures.Single(f => f.Kind == "saliency");
        Close([0.05, 0.1], Line(saliency, "focal(gamma=1)").X);
        Close([0.89 - 0.15, 0.89 - 0.3], Line(saliency, "focal(gamma=1)").Y);
        Close([0.91 - 0.05, 0.91 - 0.1], Line(saliency, "cross-entropy", "dashed").Y);
        // Train loss 1 / e + 0.1 i + 0.01 s; test accuracy 0.5 + 0.1 e - 0.02 i + 0.01 s.
        Close([1.01, 0.51], Line(figures.Single(f => f.Kind == "training-loss"), "cross-entropy").Y);
        Close([0.59, 0.69], Line(figures.Single(f => f.Kind == "test-accuracy"), "focal(gamma=1)").Y);
        // Curvature@r = (3 - 0.5 r)(1 + i) against r; random-curvature 0.2 (1 + i) flat and dashed.
        var spectrum = figures.Single(f => f.Kind == "curvature-spectrum");
        Close([1, 2, 3], Line(spectrum, "focal(gamma=1)").X);
        Close([5, 4, 3], Line(spectrum, "focal(gamma=1)").Y);
        Close([0.4, 0.4, 0.4], Line(spectrum, "focal(gamma=1)", "dashed").Y);
        // Per-seed curves: one line per cell, the loss named once.
        var roc = figures.Single(f => f.Kind == "roc");
        Assert.Equal(6, roc.Series.Count);
        Assert.Equal(2, roc.Series.Count(s => s.Label is not null));
        Close([0, 0.3, 1], roc.Series.Where(s => s.Loss == "cross-entropy").ElementAt(2).X);
        Assert.True(roc.Diagonal);
        Assert.True(figures.Single(f => f.Kind == "reliability").Diagonal);
    }

    [Fact]
    public void Diverged_and_failed_cells_are_left_out_as_in_the_tables()
    {
        var figure = Figures(new(Losses: 2, Seeds: 3, Augmentations: 1) { Lost = [(1, 0), (1, 1)] }).Single(f => f.Kind == "robustness");
        var focal = Line(figure, "focal(gamma=1)");
        // Only seed 2: clean 0.88 + 0.02 = 0.90, no band.
        Close([0.90, 0.70, 0.50], focal.Y);
        Assert.Null(focal.Low);
        Assert.Equal(1, focal.Seeds);
    }

    [Fact]
    public void Each_loss_keeps_one_colour_blind_safe_colour_in_every_figure_of_every_section()
    {
        var figures = Figures(new(Losses: 10, Seeds: 1, Augmentations: 2));
        Assert.Equal(14, figures.Count); // 7 kinds in each of 2 sections
        Assert.Equal(2, figures.Select(f => f.Section).Distinct().Count());
        Assert.Equal(figures.Count, figures.Select(f => f.Name).Distinct().Count());
        // (A flat control line drops its markers, never its colour.)
        Assert.All(figures.SelectMany(f => f.Series).Where(s => s.Loss is not null).GroupBy(s => s.Loss!), g => Assert.Single(g.Select(s => s.Colour).Distinct()));
        var colours = figures.SelectMany(f => f.Series).Where(s => s.Loss is not null && s.Marker != "none").GroupBy(s => s.Loss!)
            .ToDictionary(g => g.Key, g => Assert.Single(g.Select(s => (s.Colour, s.Marker)).Distinct()));
        // Okabe and Ito's palette in benchmark order: blue, vermillion, bluish green, ...
        Assert.Equal(("#0072B2", "circle"), colours["cross-entropy"]);
        Assert.Equal(("#D55E00", "circle"), colours["focal(gamma=1)"]);
        Assert.Equal(("#009E73", "circle"), colours["focal(gamma=2)"]);
        // The ninth loss repeats the first colour with another marker: still unlike any other.
        Assert.Equal(("#0072B2", "square"), colours["focal(gamma=8)"]);
        Assert.Equal(10, colours.Values.Distinct().Count());
        foreach (var figure in figures)
        {
            Assert.False(string.IsNullOrWhiteSpace(figure.Title), figure.Name);
            Assert.False(string.IsNullOrWhiteSpace(figure.XLabel), figure.Name);
            Assert.False(string.IsNullOrWhiteSpace(figure.YLabel), figure.Name);
        }
    }

    [Fact]
    public void Inline_svgs_get_ids_of_their_own_so_figures_on_one_page_never_share_one()
    {
        var figures = Figures(new(Losses: 2, Seeds: 1, Augmentations: 1)).Take(2).ToArray();
        var a = FigureRenderer.InlineSvg(FigureRenderer.Svg(figures[0]), "a-", figures[0].Title);
        var b = FigureRenderer.InlineSvg(FigureRenderer.Svg(figures[1]), "b-", figures[1].Title);
        static string[] Ids(string svg) => System.Text.RegularExpressions.Regex.Matches(svg, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(Ids(a));
        Assert.All(Ids(a), id => Assert.StartsWith("a-", id));
        Assert.Empty(Ids(a).Intersect(Ids(b)));
        Assert.DoesNotContain("<?xml", a);
        Assert.Contains($"viewBox=\"0 0 {FigureRenderer.Width} {FigureRenderer.Height}\"", a);
        Assert.Contains($"<title>{figures[0].Title}</title>", a);
    }
}
