using LossBench.Host.Config;
using LossBench.Host.Reports;
using LossBench.Host.Results;
using static LossBench.Host.Tests.Reports.ReportCells;

namespace LossBench.Host.Tests.Reports;

public sealed class ReportBuilderTests
{
    [Fact]
    public void EachTableCellHasTheMeanStdAndNOverSeeds()
    {
        var table = Assert.Single(Build(TwoByTwo()).Tables);
        Assert.Equal("clean.accuracy", table.Metric);
        Assert.Equal((Axis.Loss, Axis.Augmentation), (table.Rows, table.Columns));

        // ce/none 0.80, 0.90, 0.85 -> 0.85 and sqrt((0.0025 + 0.0025 + 0) / 2) = 0.05.
        var ce = table.At("ce", "none")!;
        Assert.Equal(0.85, ce.Mean!.Value, 12);
        Assert.Equal(0.05, ce.Std!.Value, 12);
        Assert.Equal(3, ce.N);
        Assert.True(ce.IsBaseline);
        Assert.Null(ce.Difference);
        // focal/flip 0.72, 0.76, 0.80 -> 0.76 and sqrt((0.0016 + 0 + 0.0016) / 2) = 0.04.
        var focal = table.At("focal", "flip")!;
        Assert.Equal(0.76, focal.Mean!.Value, 12);
        Assert.Equal(0.04, focal.Std!.Value, 12);
        Assert.False(focal.IsBaseline);
    }

    [Fact]
    public void TwoSeedsGiveTheSampleStdAndOneSeedNone()
    {
        // 0.5, 0.7 -> mean 0.6, std sqrt(0.02) = 0.1414213562; one seed: mean 0.3, std undefined.
        var table = Assert.Single(Build([Cell("ce", 0, 0.5), Cell("ce", 1, 0.7), Cell("focal", 0, 0.3)], Settings(baseline: null)).Tables);
        Assert.Equal(0.6, table.At("ce", "none")!.Mean!.Value, 12);
        Assert.Equal(0.1414213562, table.At("ce", "none")!.Std!.Value, 10);
        Assert.Equal(2, table.At("ce", "none")!.N);
        Assert.Equal(0.3, table.At("focal", "none")!.Mean!.Value, 12);
        Assert.Null(table.At("focal", "none")!.Std);
        Assert.Equal(1, table.At("focal", "none")!.N);
    }

    [Fact]
    public void AnIntervalThatExcludesZeroIsRawSignificantButNotAfterHolmOverTwoComparisons()
    {
        // Worked out in ReportCells.TwoByTwo: none [0.0051586, 0.0548414], flip [-0.1038375, 0.1238375].
        // p (2 df, 1 - t / sqrt(2 + t^2)): none t = 3 sqrt(3) -> 0.0350987; flip t = 0.01 / (0.0458258 / sqrt(3)) = 0.3779645
        // -> 1 - 0.3779645 / sqrt(2.1428571) = 0.7418011. Holm, m = 2: none 2 * 0.0350987 = 0.0701974, flip max(0.0701974, 0.7418011).
        // So none is below 0.05 raw but not after the adjustment: no marker.
        var table = Assert.Single(Build(TwoByTwo()).Tables);
        var none = table.At("focal", "none")!.Difference!;
        Assert.Equal(0.03, none.Mean, 12);
        Assert.Equal(0.01, none.Sd!.Value, 12);
        Assert.Equal(0.0051586, none.Low!.Value, 7);
        Assert.Equal(0.0548414, none.High!.Value, 7);
        Assert.Equal(3, none.Pairs);
        Assert.Equal(0.0350987, none.P!.Value, 7);
        Assert.Equal(0.0701974, none.AdjustedP!.Value, 7);
        Assert.False(none.Significant);
        var flip = table.At("focal", "flip")!.Difference!;
        Assert.Equal(0.01, flip.Mean, 12);
        Assert.Equal(-0.1038375, flip.Low!.Value, 7);
        Assert.Equal(0.1238375, flip.High!.Value, 7);
        Assert.Equal(0.7418011, flip.P!.Value, 7);
        Assert.Equal(0.7418011, flip.AdjustedP!.Value, 7);
        Assert.False(flip.Significant);
        Assert.Equal(2, table.Comparisons);
    }

    [Fact]
    public void ADifferenceThatSurvivesHolmIsSignificant()
    {
        // focal - ce: 0.10, 0.11, 0.12 -> mean 0.11, sd 0.01, t = 11 sqrt(3), t^2 = 363, p = 1 - sqrt(363 / 365) = 0.0027435;
        // x|y - ce: 0.02, -0.04, 0.05 -> p 0.7418011 (as flip in TwoByTwo). Holm, m = 2: 0.0054870 < 0.05 and 0.7418011.
        var cells = new[]
        {
            Cell("ce", 0, 0.50), Cell("ce", 1, 0.60), Cell("ce", 2, 0.55),
            Cell("focal", 0, 0.60), Cell("focal", 1, 0.71), Cell("focal", 2, 0.67),
            Cell("x|y", 0, 0.52), Cell("x|y", 1, 0.56), Cell("x|y", 2, 0.60),
        };
        var table = Assert.Single(Build(cells).Tables);
        var focal = table.At("focal", "none")!.Difference!;
        Assert.Equal(0.0027435, focal.P!.Value, 7);
        Assert.Equal(0.0054870, focal.AdjustedP!.Value, 7);
        Assert.True(focal.Significant);
        var other = table.At("x|y", "none")!.Difference!;
        Assert.Equal(0.7418011, other.AdjustedP!.Value, 7);
        Assert.False(other.Significant);
        Assert.Contains("| focal | +0.1100 [+0.0852, +0.1348] * |", MarkdownReportExporter.Export(Build(cells)), StringComparison.Ordinal);
    }

    [Fact]
    public void HolmIsWithinOneTableNotAcrossTables()
    {
        // The same focal/none differences as TwoByTwo's (p 0.0350987) in a table of their own (another model, so
        // another section): m = 1 there, the adjusted p is the raw one, below 0.05.
        var cells = TwoByTwo().Concat([
            Cell("ce", 0, 0.80, model: "cnn"), Cell("ce", 1, 0.90, model: "cnn"), Cell("ce", 2, 0.85, model: "cnn"),
            Cell("focal", 0, 0.82, model: "cnn"), Cell("focal", 1, 0.94, model: "cnn"), Cell("focal", 2, 0.88, model: "cnn"),
        ]).ToArray();
        var report = Build(cells);
        Assert.Equal(2, report.Tables.Count);
        var cnn = report.Tables[1];
        Assert.Equal(1, cnn.Comparisons);
        Assert.Equal(0.0350987, cnn.At("focal", "none")!.Difference!.AdjustedP!.Value, 7);
        Assert.True(cnn.At("focal", "none")!.Difference!.Significant);
        Assert.False(report.Tables[0].At("focal", "none")!.Difference!.Significant);
    }

    [Fact]
    public void ANaNMetricIsNoComparisonAndLeavesTheOthersAdjusted()
    {
        // x|y has a NaN at seed 1: no p, not counted in m. focal (0.10, 0.11, 0.12 over ce) is then the only comparison:
        // adjusted p = raw p = 1 - sqrt(363 / 365) = 0.0027435.
        var cells = new[]
        {
            Cell("ce", 0, 0.50), Cell("ce", 1, 0.60), Cell("ce", 2, 0.55),
            Cell("focal", 0, 0.60), Cell("focal", 1, 0.71), Cell("focal", 2, 0.67),
            Cell("x|y", 0, 0.52), Cell("x|y", 1, double.NaN), Cell("x|y", 2, 0.60),
        };
        var table = Assert.Single(Build(cells).Tables);
        Assert.Equal(1, table.Comparisons);
        Assert.Null(table.At("x|y", "none")!.Difference!.P);
        Assert.Null(table.At("x|y", "none")!.Difference!.AdjustedP);
        Assert.Equal(0.0027435, table.At("focal", "none")!.Difference!.AdjustedP!.Value, 7);
    }

    [Fact]
    public void TheTablesMinimumDetectableDifferenceUsesTheMedianPairedSd()
    {
        // TwoByTwo's comparisons have paired sds 0.01 and sqrt(0.0021) = 0.0458258, median (0.01 + 0.0458258) / 2 = 0.0279129,
        // 3 pairs each: (t_0.975,2 + t_0.8,2) * 0.0279129 / sqrt(3) with the closed-form 2-df quantiles 4.3026527 and 1.0606602
        // = 5.3633129 * 0.0279129 / 1.7320508 = 0.0864325. Per comparison: 0.0309651 (sd 0.01) and 0.1418999 (sd 0.0458258).
        var table = Assert.Single(Build(TwoByTwo()).Tables);
        Assert.Equal(0.0279129, table.MdeSd!.Value, 7);
        Assert.Equal(3, table.MdePairs);
        Assert.Equal(0.0864325, table.Mde!.Value, 7);
        Assert.Equal(0.0309651, table.At("focal", "none")!.Difference!.Mde!.Value, 7);
        Assert.Equal(0.1418999, table.At("focal", "flip")!.Difference!.Mde!.Value, 7);
        Assert.Equal(3, table.FewestSeeds);
    }

    [Fact]
    public void FewestSeedsAreTheFewestPairsOrWithoutABaselineTheSmallestN()
    {
        // focal pairs with ce at seeds 0 and 1 only: 2 pairs although focal has 3 seeds.
        var cells = new[] { Cell("ce", 0, 0.5), Cell("ce", 1, 0.6), Cell("focal", 0, 0.5), Cell("focal", 1, 0.7), Cell("focal", 2, 0.6) };
        Assert.Equal(2, Assert.Single(Build(cells).Tables).FewestSeeds);
        Assert.Equal(2, Assert.Single(Build(cells, Settings(baseline: null)).Tables).FewestSeeds);
        var three = TwoByTwo();
        Assert.Equal(3, Assert.Single(Build(three, Settings(baseline: null)).Tables).FewestSeeds);
        Assert.Equal(0, Assert.Single(Build(three, Settings(baseline: null)).Tables).Comparisons);
        Assert.Null(Assert.Single(Build(three, Settings(baseline: null)).Tables).Mde);
    }

    [Fact]
    public void PairsAreOnlyTheSeedsWhereBothLossesAreOk()
    {
        // focal has seeds 0..3, all ok. ce: 0 and 1 ok, no record at all for seed 2, seed 3 diverged.
        // Pairs: seed 0: 0.83 - 0.80 = 0.03, seed 1: 0.89 - 0.90 = -0.01 -> mean 0.01,
        // sd sqrt((0.02^2 + 0.02^2) / 1) = 0.0282843, half width 12.7062047362 * 0.0282843 / sqrt(2) = 0.2541241,
        // interval [-0.2441241, 0.2641241]: holds 0.
        var cells = new[]
        {
            Cell("ce", 0, 0.80), Cell("ce", 1, 0.90), Cell("ce", 3, null, CellStatus.Diverged),
            Cell("focal", 0, 0.83), Cell("focal", 1, 0.89), Cell("focal", 2, 0.85), Cell("focal", 3, 0.87),
        };
        var table = Assert.Single(Build(cells).Tables);
        var focal = table.At("focal", "none")!;
        Assert.Equal(4, focal.N);
        var difference = focal.Difference!;
        Assert.Equal(2, difference.Pairs);
        Assert.Equal(0.01, difference.Mean, 12);
        Assert.Equal(-0.2441241, difference.Low!.Value, 7);
        Assert.Equal(0.2641241, difference.High!.Value, 7);
        Assert.False(difference.Significant);
        Assert.Equal((2, 1, 0), (table.At("ce", "none")!.N, table.At("ce", "none")!.Diverged, table.At("ce", "none")!.Failed));
    }

    [Fact]
    public void PairsNeedEveryOtherAxisEqual()
    {
        // focal/flip seed 0 must pair with ce/flip seed 0 (0.70), not ce/none seed 0 (0.90): 0.75 - 0.70 = 0.05.
        var cells = new[] { Cell("ce", 0, 0.90), Cell("ce", 0, 0.70, augmentation: "flip"), Cell("focal", 0, 0.75, augmentation: "flip") };
        var difference = Assert.Single(Build(cells).Tables).At("focal", "flip")!.Difference!;
        Assert.Equal(0.05, difference.Mean, 12);
        Assert.Equal(1, difference.Pairs);
    }

    [Fact]
    public void OnePairGivesADifferenceWithoutAnIntervalAndNeverSignificant()
    {
        var difference = Assert.Single(Build([Cell("ce", 0, 0.80), Cell("focal", 0, 0.90)]).Tables).At("focal", "none")!.Difference!;
        Assert.Equal(0.10, difference.Mean, 12);
        Assert.Null(difference.Low);
        Assert.Null(difference.High);
        Assert.False(difference.Significant);
    }

    [Fact]
    public void NoOkBaselineSeedMeansNoDifference()
    {
        var table = Assert.Single(Build([Cell("ce", 0, null, CellStatus.Failed), Cell("focal", 0, 0.90)]).Tables);
        Assert.Null(table.At("focal", "none")!.Difference);
    }

    [Fact]
    public void OnlyOkCellsWithTheMetricCountAndDivergedAndFailedAreCounted()
    {
        // Seed 0 ok 0.90; seed 1 diverged but carrying 0.10; seed 2 failed carrying 0.20; seed 3 ok without the metric.
        // Only seed 0 counts: mean 0.90, n 1, no std; 1 diverged, 1 failed.
        var cells = new[]
        {
            Cell("focal", 0, 0.90), Cell("focal", 1, 0.10, CellStatus.Diverged), Cell("focal", 2, 0.20, CellStatus.Failed), Cell("focal", 3, null),
        };
        var focal = Assert.Single(Build(cells, Settings(baseline: null)).Tables).At("focal", "none")!;
        Assert.Equal(0.90, focal.Mean!.Value, 12);
        Assert.Null(focal.Std);
        Assert.Equal((1, 1, 1), (focal.N, focal.Diverged, focal.Failed));
    }

    [Fact]
    public void ACellWithNoOkSeedIsStillInTheTable()
    {
        var table = Assert.Single(Build([Cell("ce", 0, 0.8), Cell("focal", 0, null, CellStatus.Diverged), Cell("focal", 1, null, CellStatus.Diverged)]).Tables);
        var focal = table.At("focal", "none")!;
        Assert.Null(focal.Mean);
        Assert.Null(focal.Std);
        Assert.Equal((0, 2, 0), (focal.N, focal.Diverged, focal.Failed));
        Assert.Null(focal.Difference);
    }

    [Fact]
    public void OneOtherAxisWithTwoValuesSplitsTheTablesInBenchmarkOrder()
    {
        var cells = new[] { Cell("ce", 0, 0.5, model: "cnn"), Cell("ce", 0, 0.6), Cell("focal", 0, 0.7, augmentation: "flip") };
        var report = Build(cells, Settings(baseline: null));
        Assert.Equal(["dataset=mnist-10k, model=mlp", "dataset=mnist-10k, model=cnn"], report.Tables.Select(t => t.Section));
        // Only the labels that occur in the section: cnn has no focal and no flip.
        Assert.Equal(["ce", "focal"], report.Tables[0].RowLabels);
        Assert.Equal(["none", "flip"], report.Tables[0].ColumnLabels);
        Assert.Equal(["ce"], report.Tables[1].RowLabels);
        Assert.Equal(["none"], report.Tables[1].ColumnLabels);
    }

    [Fact]
    public void EveryOtherAxisWithOneValueGivesOneTableNamingThem()
    {
        var table = Assert.Single(Build(TwoByTwo()).Tables);
        Assert.Equal("dataset=mnist-10k, model=mlp", table.Section);
    }

    [Fact]
    public void TwoOtherAxesWithTwoValuesEachGiveFourTablesInBenchmarkOrder()
    {
        var cells = new[]
        {
            Cell("ce", 0, 0.1, dataset: "fashion", model: "cnn"), Cell("ce", 0, 0.2, dataset: "mnist-10k", model: "cnn"),
            Cell("ce", 0, 0.3, dataset: "fashion", model: "mlp"), Cell("ce", 0, 0.4, dataset: "mnist-10k", model: "mlp"),
        };
        var report = Build(cells, Settings(baseline: null));
        Assert.Equal(
            ["dataset=mnist-10k, model=mlp", "dataset=mnist-10k, model=cnn", "dataset=fashion, model=mlp", "dataset=fashion, model=cnn"],
            report.Tables.Select(t => t.Section));
        Assert.Equal([0.4, 0.2, 0.3, 0.1], report.Tables.Select(t => Assert.Single(t.Cells).Mean!.Value));
    }

    [Fact]
    public void RowsAndColumnsFollowTheBenchmarkAndUnlistedLabelsGoLastByName()
    {
        var cells = new[]
        {
            Cell("zeta", 0, 0.1), Cell("focal", 0, 0.2), Cell("alpha", 0, 0.3), Cell("ce", 0, 0.4),
            Cell("ce", 0, 0.5, augmentation: "flip"), Cell("ce", 0, 0.6, augmentation: "blur"),
        };
        var table = Assert.Single(Build(cells, Settings(baseline: null)).Tables);
        Assert.Equal(["ce", "focal", "alpha", "zeta"], table.RowLabels);
        Assert.Equal(["none", "flip", "blur"], table.ColumnLabels);
        // Cells row by row, in that order; a combination without records has no cell.
        Assert.Equal([("ce", "none"), ("ce", "flip"), ("ce", "blur"), ("focal", "none"), ("alpha", "none"), ("zeta", "none")],
            table.Cells.Select(c => (c.Row, c.Column)));
        Assert.Null(table.At("focal", "flip"));
    }

    [Fact]
    public void WithTheLossAxisHiddenTheBaselineIsASectionOfItsOwn()
    {
        // Rows model, columns augmentation: one section per loss. focal/cnn seed 0: 0.70 - 0.60 = 0.10.
        var settings = new ReportSettings("ce", [new TableSpec("clean.accuracy", Axis.Model, Axis.Augmentation)]);
        var cells = new[] { Cell("ce", 0, 0.60, model: "cnn"), Cell("focal", 0, 0.70, model: "cnn") };
        var report = Build(cells, settings);
        Assert.Equal(["dataset=mnist-10k, loss=ce", "dataset=mnist-10k, loss=focal"], report.Tables.Select(t => t.Section));
        Assert.True(report.Tables[0].At("cnn", "none")!.IsBaseline);
        Assert.Equal(0.10, report.Tables[1].At("cnn", "none")!.Difference!.Mean, 12);
    }

    [Fact]
    public void TablesComeInTheOrderOfTheSpecs()
    {
        var settings = new ReportSettings(null,
            [new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation), new TableSpec("clean.accuracy", Axis.Augmentation, Axis.Loss)], 3);
        var report = Build(TwoByTwo(), settings);
        Assert.Equal([(Axis.Loss, Axis.Augmentation), (Axis.Augmentation, Axis.Loss)], report.Tables.Select(t => (t.Rows, t.Columns)));
        Assert.Equal(0.88, report.Tables[1].At("none", "focal")!.Mean!.Value, 12);
        Assert.Null(report.Baseline);
        Assert.Equal(3, report.Digits);
    }

    [Fact]
    public void TheReportDoesNotDependOnTheOrderRecordsWereRead()
    {
        // 0.1 + 0.2 + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6 in doubles: seeds fix the order of the sum.
        CellRecord[] cells = [Cell("ce", 0, 0.1), Cell("ce", 1, 0.2), Cell("ce", 2, 0.3), Cell("focal", 0, 0.3), Cell("focal", 1, 0.1), Cell("focal", 2, 0.2)];
        var forward = Build(cells);
        var backward = Build(cells.Reverse().ToArray());
        Assert.Equal(JsonReportExporter.Export(forward), JsonReportExporter.Export(backward));
        Assert.Equal(MarkdownReportExporter.Export(forward), MarkdownReportExporter.Export(backward));
        Assert.Equal(CsvReportExporter.Export(forward), CsvReportExporter.Export(backward));
    }

    [Fact]
    public void NoRecordsGiveNoTables()
    {
        Assert.Empty(Build([]).Tables);
        Assert.Equal("", MarkdownReportExporter.Export(Build([])));
    }
}
