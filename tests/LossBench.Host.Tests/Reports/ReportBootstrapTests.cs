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
        Assert.EndsWith(",0.1250\n", csv, StringComparison.Ordinal);
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
        // Holm stays on the t-test: all three differences equal and non-zero, so p = 0.
        Assert.Equal(0.0, d.P);
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
