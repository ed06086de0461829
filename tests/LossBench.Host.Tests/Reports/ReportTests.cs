using System.Globalization;
using System.Text.Json.Nodes;
using LossBench.Host.Config;
using LossBench.Host.Reports;
using LossBench.Host.Results;
using LossBench.Sdk.Evaluations;

namespace LossBench.Host.Tests.Reports;

public sealed class ReportTests
{
    private static readonly EnvironmentRecord Environment = new("t", "t", "t", "t", "t", "t", 1, "cpu");

    private static CellRecord Cell(string loss, ulong seed, double accuracy, CellStatus status = CellStatus.Ok, string augmentation = "none", string model = "mlp") => new()
    {
        Id = $"{loss}-{augmentation}-{model}-{seed}",
        Benchmark = "b",
        Dataset = "mnist-10k",
        Model = model,
        Loss = loss,
        Augmentation = augmentation,
        Seed = seed,
        Status = status,
        Config = new JsonObject(),
        Environment = Environment,
        Evaluations = status == CellStatus.Ok
            ? new Dictionary<string, EvaluationRecord> { ["clean"] = new("h", new Dictionary<string, double> { ["accuracy"] = accuracy }, new Dictionary<string, Curve>(), 0) }
            : new Dictionary<string, EvaluationRecord>(),
    };

    private static readonly IReadOnlyDictionary<Axis, IReadOnlyList<string>> Order = new Dictionary<Axis, IReadOnlyList<string>>
    {
        [Axis.Dataset] = ["mnist-10k"], [Axis.Model] = ["mlp", "cnn"], [Axis.Loss] = ["ce", "focal", "a,b\"c"], [Axis.Augmentation] = ["none", "flip"],
    };

    private static ReportSettings Settings(string? baseline = "ce", int digits = 4) =>
        new(baseline, [new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation)], digits);

    [Fact]
    public void TQuantilesMatchTheTables()
    {
        // Student-t 97.5% quantiles from standard tables: df 1 -> 12.7062047362, df 2 -> 4.3026527297.
        Assert.Equal(12.7062047362, Statistics.TQuantile975(1), 9);
        Assert.Equal(4.3026527297, Statistics.TQuantile975(2), 9);
    }

    [Fact]
    public void MeanStdAndThePairedIntervalAreWorkedOutByHand()
    {
        // ce: 0.80, 0.90, 0.85 -> mean 0.85, sample std sqrt((0.05^2 + 0.05^2 + 0) / 2) = 0.05.
        // focal - ce per seed: 0.02, 0.04, 0.03 -> mean 0.03, sd 0.01,
        // half width t(0.975, 2) * 0.01 / sqrt(3) = 4.3026527297 * 0.0057735027 = 0.0248414, interval [0.0051586, 0.0548414] -> significant.
        var cells = new[]
        {
            Cell("ce", 0, 0.80), Cell("ce", 1, 0.90), Cell("ce", 2, 0.85),
            Cell("focal", 0, 0.82), Cell("focal", 1, 0.94), Cell("focal", 2, 0.88),
        };
        var table = Assert.Single(ReportBuilder.Build(cells, Settings(), Order).Tables);

        var ce = table.At("ce", "none")!;
        Assert.Equal(0.85, ce.Mean!.Value, 12);
        Assert.Equal(0.05, ce.Std!.Value, 12);
        Assert.Equal(3, ce.N);
        Assert.True(ce.IsBaseline);
        var focal = table.At("focal", "none")!.Difference!;
        Assert.Equal(0.03, focal.Mean, 12);
        Assert.Equal(0.0051586, focal.Low!.Value, 6);
        Assert.Equal(0.0548414, focal.High!.Value, 6);
        Assert.True(focal.Significant);
    }

    [Fact]
    public void PairsNeedTheSameSeedAndAnIntervalThatCrossesZeroIsNotSignificant()
    {
        // focal has seeds 0, 1, 2; ce lacks seed 2 (failed): pairs 0.03 and -0.01 -> mean 0.01,
        // sd sqrt((0.02^2 + 0.02^2) / 1) = 0.0282843, half width 12.7062047 * 0.0282843 / sqrt(2) = 0.2541241.
        var cells = new[]
        {
            Cell("ce", 0, 0.80), Cell("ce", 1, 0.90), Cell("ce", 2, 0, CellStatus.Failed),
            Cell("focal", 0, 0.83), Cell("focal", 1, 0.89), Cell("focal", 2, 0.85),
        };
        var table = Assert.Single(ReportBuilder.Build(cells, Settings(), Order).Tables);
        var difference = table.At("focal", "none")!.Difference!;
        Assert.Equal(2, difference.Pairs);
        Assert.Equal(0.01, difference.Mean, 12);
        Assert.Equal(0.01 - 0.2541241, difference.Low!.Value, 6);
        Assert.False(difference.Significant);
        Assert.Equal(1, table.At("ce", "none")!.Failed);
        Assert.Equal(2, table.At("ce", "none")!.N);
    }

    [Fact]
    public void AThirdAxisWithTwoValuesSplitsTablesInBenchmarkOrder()
    {
        var cells = new[] { Cell("ce", 0, 0.5, model: "cnn"), Cell("ce", 0, 0.6, model: "mlp"), Cell("focal", 0, 0.7, model: "mlp", augmentation: "flip") };
        var report = ReportBuilder.Build(cells, Settings(baseline: null), Order);
        Assert.Equal(["dataset=mnist-10k, model=mlp", "dataset=mnist-10k, model=cnn"], report.Tables.Select(t => t.Section));
        Assert.Equal(["ce", "focal"], report.Tables[0].RowLabels);
        Assert.Equal(["none", "flip"], report.Tables[0].ColumnLabels);
    }

    [Fact]
    public void MarkdownAndCsvAreExactlyAsSpecified()
    {
        // ce: 0.5, 0.7 -> mean 0.6, std sqrt(0.02) = 0.14142; focal: 0.6, 0.7 -> 0.65, 0.07071;
        // pairs 0.1, 0.0 -> mean 0.05, sd 0.070711, half 12.7062047 * 0.070711 / sqrt(2) = 0.635310.
        var cells = new[] { Cell("ce", 0, 0.5), Cell("ce", 1, 0.7), Cell("focal", 0, 0.6), Cell("focal", 1, 0.7), Cell("a,b\"c", 0, 0, CellStatus.Diverged) };
        var report = ReportBuilder.Build(cells, Settings(digits: 3), Order);

        Assert.Equal("""
            ### clean.accuracy (dataset=mnist-10k, model=mlp)

            mean ± std (n) over seeds; rows: loss, columns: augmentation

            | loss | none |
            |---|---:|
            | ce | 0.600 ± 0.141 (n=2) |
            | focal | 0.650 ± 0.071 (n=2) |
            | a,b"c | -, 1 diverged |

            paired difference to ce (same seed), mean [95% t-interval]; * = the interval excludes 0

            | loss | none |
            |---|---:|
            | ce | baseline |
            | focal | +0.050 [-0.585, +0.685] |
            | a,b"c | - |


            """.ReplaceLineEndings("\n"), MarkdownReportExporter.Export(report));

        Assert.Equal("""
            metric,section,rows,columns,row,column,mean,std,n,diverged,failed,diff_mean,diff_low,diff_high,significant
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,ce,none,0.600,0.141,2,0,0,,,,
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,focal,none,0.650,0.071,2,0,0,0.050,-0.585,0.685,false
            clean.accuracy,"dataset=mnist-10k, model=mlp",loss,augmentation,"a,b""c",none,,,0,1,0,,,,

            """.ReplaceLineEndings("\n"), CsvReportExporter.Export(report));
    }

    [Fact]
    public void NumbersAreInvariantUnderAnotherCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var report = ReportBuilder.Build([Cell("ce", 0, 0.25)], Settings(baseline: null), Order);
            Assert.Contains("| ce | 0.2500 ± - (n=1) |", MarkdownReportExporter.Export(report));
            Assert.Contains("0.25", JsonReportExporter.Export(report));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void TheWriterReplacesFilesAtomicallyAndLeavesNoTemporaryFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lossbench-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "report.md"), "old");
            var report = ReportBuilder.Build([Cell("ce", 0, 0.25)], Settings(baseline: null), Order);
            ReportWriter.Write(report, directory);
            Assert.Equal(MarkdownReportExporter.Export(report), File.ReadAllText(Path.Combine(directory, "report.md")));
            Assert.Equal(["report.csv", "report.json", "report.md"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
