using System.Text.Json;
using LossBench.Host.Reports.Figures;
using LossBench.Host.Results;
using LossBench.Tests.Shared;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The figures of a small synthetic results folder (2 losses x 2 seeds, every kind of curve) as
/// data: series, colours, patterns, labels and notes, snapshot-tested (FigureDataTests.figures.verified.json;
/// the values follow from <see cref="SyntheticResults"/>' formulas, e.g. cross-entropy's robust
/// accuracy at epsilon 0.1 is the mean of 0.8 and 0.81). Pixels are not compared: they depend on
/// fonts and the renderer, the data do not.
/// </summary>
public sealed class FigureDataTests
{
    [Fact]
    public void The_figures_of_a_small_results_folder_are_the_snapshot()
    {
        var root = Path.Combine(Path.GetTempPath(), "lossbench-figure-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new ResultStore(SyntheticResults.Write(root, new(Losses: 2, Seeds: 2, Augmentations: 1) { Epsilons = [0.1], Fractions = [0.05, 0.1] }));
            var benchmark = store.ReadBenchmark();
            var figures = FigureBuilder.Build(store.InspectAll().Select(f => f.Record!).ToArray(), benchmark.AxisOrder, benchmark.Evaluations);
            Snapshot.Verify(ReportJson.Rounded(JsonSerializer.Serialize(figures, ResultJson.Options)), "figures", "json");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Report_writes_the_page_by_default_and_takes_no_html_and_png_from_the_command_line()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        var folder = SyntheticResults.Write(run.Root, new(Losses: 2, Seeds: 2, Augmentations: 1) { Geometry = false });
        var (code, output, error) = run.Cli("report", folder, "--no-html", "--png");
        Assert.True(code == 0, output + error);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
        // training loss, test accuracy, reliability, fgsm, saliency: an SVG and a PNG each.
        Assert.Equal(5, Directory.GetFiles(Path.Combine(folder, "figures"), "*.svg").Length);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(folder, "figures"), "*.png").Length);
        (code, output, error) = run.Cli("report", folder);
        Assert.True(code == 0, output + error);
        Assert.Contains($"report: {Path.Combine(folder, "report.html")} (report.md, .csv, .json, 5 figure(s) in figures/)", output);
        // A report without --png leaves no PNG of an earlier one behind.
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "figures"), "*.png"));
        // No opener without a desktop: a warning naming the page, never a failure.
        var display = Environment.GetEnvironmentVariable("DISPLAY");
        var wayland = Environment.GetEnvironmentVariable("WAYLAND_DISPLAY");
        try
        {
            Environment.SetEnvironmentVariable("DISPLAY", null);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", null);
            (code, output, error) = run.Cli("report", folder, "--open");
            Assert.True(code == 0, output + error);
            Assert.Contains($"warning: --open: no desktop to open it on", error);
            Assert.Contains(new Uri(Path.Combine(folder, "report.html")).AbsoluteUri, error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DISPLAY", display);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", wayland);
        }
    }
}
