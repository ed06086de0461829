using LossBench.Tests.Shared;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// `report` over a synthetic results folder of 200 cells (10 losses x 5 seeds x 4 augmentations, in the
/// real format) through the command line: every cell counted, every section drawn, the lost cells listed.
/// With $LOSSBENCH_SYNTHETIC_RESULTS set, the folder is written there and kept, for bench/report-time.sh.
/// </summary>
public sealed class LargeReportTests
{
    [Fact]
    public void A_report_of_200_cells_counts_every_cell_and_draws_every_section()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        var root = Environment.GetEnvironmentVariable("LOSSBENCH_SYNTHETIC_RESULTS") is { Length: > 0 } kept ? kept : run.Root;
        var folder = SyntheticResults.Write(root, new(Losses: 10, Seeds: 5, Augmentations: 4) { Name = "synthetic-200", Lost = [(3, 0), (4, 1)] });
        var (code, output, error) = run.Cli("report", folder);
        Assert.True(code == 0, output + error);
        Assert.Contains("(report.md, .csv, .json, 28 figure(s) in figures/); 200 of 200 cell(s) have results", output);
        Assert.Equal(28, Directory.GetFiles(Path.Combine(folder, "figures"), "*.svg").Length); // 7 kinds x 4 augmentations
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        // Seed 0 of the fourth loss diverged and seed 1 of the fifth failed, under each of the 4 augmentations.
        Assert.Contains("200 cell(s) planned, 200 with results: <span class=\"status-ok\">192 ok</span>, <span class=\"status-diverged\">4 diverged</span>, <span class=\"status-failed\">4 failed</span>", html);
        Assert.Equal(28, html.Split("<figure ").Length - 1);
    }
}
