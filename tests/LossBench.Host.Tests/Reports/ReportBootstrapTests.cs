using LossBench.Host.Reports;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

/// <summary>The report's bootstrap and McNemar fields from stored per-example outcomes (docs/statistics.md).</summary>
public sealed class ReportBootstrapTests
{
    [Fact]
    public void OneSeedCarriesTheBootstrapAndTheHandWorkedMcNemar()
    {
        // 9 examples: baseline right only on example 0 and 7 (b = 1: example 0), other right on 1-7 (c = 6: 1-6):
        // McNemar p = 2 * 8 / 128 = 0.125; accuracies 2/9 and 7/9, difference 5/9.
        bool[] baseline = [true, false, false, false, false, false, false, true, false];
        bool[] other = [false, true, true, true, true, true, true, true, false];
        var (cells, outcomes) = Stored(("ce", 0, baseline), ("focal", 0, other));
        var d = Assert.Single(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]).Tables).At("focal", "none")!.Difference!;
        Assert.Equal(5.0 / 9, d.Mean, 12);
        Assert.Equal(0.125, d.McNemarP!.Value, 12);
        Assert.NotNull(d.BootP);
        Assert.True(d.BootLow <= d.Mean && d.Mean <= d.BootHigh);
        // The t-based fields are as before: one pair has no test.
        Assert.Null(d.P);
        var csv = CsvReportExporter.Export(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]));
        // mcnemar_p 0.1250, then the bootstrap's se, then the test the marker uses (McNemar, one seed) and the table's MDE (bootstrap se).
        Assert.Matches(@",0\.1250,0\.\d{4},mcnemar,bootstrap\n$", csv);
        var json = JsonReportExporter.Export(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]));
        // MathNet's Binomial CDF goes through the incomplete beta function: 0.125 to about 1e-14.
        var difference = System.Text.Json.Nodes.JsonNode.Parse(json)!["tables"]![0]!["cells"]!.AsArray()
            .Single(c => (string)c!["row"]! == "focal")!["difference"]!;
        Assert.Equal(0.125, (double)difference["mcnemar-p"]!, 12);
        Assert.Equal(d.BootLow, (double)difference["boot-low"]!);
        Assert.Equal(d.BootHigh, (double)difference["boot-high"]!);
        Assert.Equal(d.BootP, (double)difference["boot-p"]!);
    }

    [Fact]
    public void ThreeSeedsGetTheBootstrapOfTheirOutcomesAndNoMcNemar()
    {
        // Per seed the other is wrong on 2 of 10 examples the baseline gets right: -0.2 everywhere, every replicate < 0.
        var baseline = Enumerable.Repeat(true, 10).ToArray();
        var other = baseline.Select((_, i) => i >= 2).ToArray();
        var (cells, outcomes) = Stored(("ce", 0, baseline), ("ce", 1, baseline), ("ce", 2, baseline),
            ("focal", 0, other), ("focal", 1, other), ("focal", 2, other));
        var d = Assert.Single(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]).Tables).At("focal", "none")!.Difference!;
        Assert.Equal(-0.2, d.Mean, 12);
        // A replicate is 0 only when none of its 3 x 10 draws hits one of the 2 bad examples of its seed: 0.8^30 = 0.0012,
        // so p is about 2 * 0.0012 = 0.0025 (and no replicate is above 0).
        Assert.InRange(d.BootP!.Value, 0.0, 0.01);
        Assert.True(d.BootHigh < 0);
        Assert.Null(d.McNemarP);
        // The t-test: all three differences equal and non-zero, so p = 0; the marker's p is the larger of the two.
        Assert.Equal(0.0, d.P);
        Assert.Equal(PairedDifference.BootstrapAndTTest, d.Test);
        Assert.Equal(d.BootP, d.TestP);
        Assert.True(d.Significant);
    }

    [Fact]
    public void TooFewTestExamplesKeepTheMarkerOffEvenWhenTheSeedsAgree()
    {
        // Per seed the other gets 1 more example of 10 right: +0.1 at every seed, so the t-test alone says p = 0.
        // The bootstrap resamples those 10 examples: a drawn seed's resampled sum is 0 with probability 0.9^10 = 0.349,
        // and a replicate is <= 0 only when all 3 of its drawn seeds resample to 0: 0.349^3 = 0.0424, p about 2 x 0.0424 = 0.085.
        var baseline = Enumerable.Range(0, 10).Select(i => i < 5).ToArray();
        var other = Enumerable.Range(0, 10).Select(i => i < 6).ToArray();
        var (cells, outcomes) = Stored(("ce", 0, baseline), ("ce", 1, baseline), ("ce", 2, baseline),
            ("focal", 0, other), ("focal", 1, other), ("focal", 2, other));
        var report = ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]);
        var d = Assert.Single(report.Tables).At("focal", "none")!.Difference!;
        Assert.Equal(0.0, d.P);
        Assert.InRange(d.BootP!.Value, 0.06, 0.11);
        Assert.Equal(d.BootP, d.TestP);
        Assert.Equal(d.BootP, d.AdjustedP); // one comparison: Holm changes nothing
        Assert.False(d.Significant);
        // The interval shown is the hull: the t-interval is [0.1, 0.1], the bootstrap's reaches 0.
        var shown = d.ShownInterval!.Value;
        Assert.Equal(d.BootLow, shown.Low);
        Assert.Equal(Math.Max(d.BootHigh!.Value, 0.1), shown.High, 12);
        Assert.True(shown.Low <= 0);
        var markdown = MarkdownReportExporter.Export(report);
        Assert.Contains("(p = the larger of the paired hierarchical bootstrap's and the paired t-test's)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("] *", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedsThatDisagreeKeepTheMarkerOffEvenWhenTheBootstrapIsSure()
    {
        // 1,000 examples per seed; the other is right on 300, 50 and 600 more of them than the baseline (and never less):
        // differences 0.3, 0.05, 0.6. t-test: mean 0.3167, sd 0.2754, t = 0.3167 / (0.2754 / sqrt 3) = 1.99, 2 df: p = 0.185.
        // The bootstrap: a replicate is <= 0 only if all 3 drawn seeds are the 0.05 one and its 1,000 draws miss its
        // 50 good examples: (1/3)^3 x 0.95^1000, about 0, so its p is 0 and the t-test decides.
        bool[] Right(int count) => Enumerable.Range(0, 1000).Select(i => i < count).ToArray();
        var baseline = Right(100);
        var (cells, outcomes) = Stored(("ce", 0, baseline), ("ce", 1, baseline), ("ce", 2, baseline),
            ("focal", 0, Right(400)), ("focal", 1, Right(150)), ("focal", 2, Right(700)));
        var d = Assert.Single(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]).Tables).At("focal", "none")!.Difference!;
        Assert.Equal(0.0, d.BootP);
        Assert.Equal(0.185, d.P!.Value, 3);
        Assert.Equal(d.P, d.TestP);
        Assert.False(d.Significant);
    }

    [Fact]
    public void AMissingPredictionsFileOnlySkipsTheBootstrap()
    {
        var baseline = Enumerable.Repeat(true, 10).ToArray();
        var other = baseline.Select((_, i) => i >= 2).ToArray();
        var (cells, outcomes) = Stored(("ce", 0, baseline), ("ce", 1, baseline), ("focal", 0, other), ("focal", 1, other));
        outcomes[cells[1].Id] = null;
        var d = Assert.Single(ReportBuilder.Build(cells, Settings(), Order, c => outcomes[c.Id]).Tables).At("focal", "none")!.Difference!;
        Assert.Equal(-0.2, d.Mean, 12);
        Assert.Equal(2, d.Pairs);
        Assert.Null(d.BootLow);
        Assert.Null(d.BootP);
        // Without a reader, no cell reads any.
        Assert.Null(Assert.Single(Build(cells).Tables).At("focal", "none")!.Difference!.BootP);
    }

    /// <summary>Cells whose clean.accuracy is their outcomes' accuracy, with the outcomes stored under clean/accuracy.</summary>
    private static (CellRecord[] Cells, Dictionary<string, CellPredictions?> Outcomes) Stored(params (string Loss, ulong Seed, bool[] Correct)[] specs)
    {
        var outcomes = new Dictionary<string, CellPredictions?>();
        var cells = specs.Select(s =>
        {
            var cell = Cell(s.Loss, s.Seed, s.Correct.Count(c => c) / (double)s.Correct.Length);
            cell = cell with
            {
                Predictions = new PredictionsRecord($"predictions/{cell.Id}.safetensors", "00"),
                Evaluations = cell.Evaluations.ToDictionary(e => e.Key, e => e.Value with { ExampleNames = ["accuracy"] }),
            };
            // Stored in reverse index order: the report pairs examples by index, not by position.
            var n = s.Correct.Length;
            var index = Enumerable.Range(0, n).Reverse().ToArray();
            var stored = new ExampleOutcomes(index, new int[n], new float[n], index.Select(i => s.Correct[i]).ToArray());
            outcomes[cell.Id] = new CellPredictions(cell.Id, new Dictionary<string, IReadOnlyDictionary<string, ExampleOutcomes>>
            {
                ["clean"] = new Dictionary<string, ExampleOutcomes> { ["accuracy"] = stored },
            });
            return cell;
        }).ToArray();
        return (cells, outcomes);
    }
}
