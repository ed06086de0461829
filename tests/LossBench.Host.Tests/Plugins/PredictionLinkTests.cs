using LossBench.Host.Config;
using LossBench.Host.Reports;
using LossBench.Sdk.Losses;

namespace LossBench.Host.Tests.Plugins;

/// <summary>Each loss's prediction link is a trait read from its options; a combination with a one-vs-all sigmoid term trains sigmoids.</summary>
public sealed class PredictionLinkTests
{
    [Theory]
    [InlineData("cross-entropy", PredictionLink.Softmax)]
    [InlineData("focal", PredictionLink.Softmax)]
    [InlineData("dice", PredictionLink.Softmax)]
    [InlineData("bce", PredictionLink.OneVsAllSigmoid)]
    [InlineData("sigmoid-focal", PredictionLink.OneVsAllSigmoid)]
    [InlineData("{ combo: { terms: [ { bce: {} }, { dice: {} } ] } }", PredictionLink.OneVsAllSigmoid)]
    [InlineData("{ combo: { terms: [ { focal: {} }, { dice: {} } ] } }", PredictionLink.Softmax)]
    public void Each_loss_declares_how_its_logits_become_probabilities(string loss, PredictionLink link)
    {
        var benchmark = BenchmarkLoader.Parse($"datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [{loss}]\n", "/b/benchmarks.yaml", BuiltInCatalog.Catalog);
        var value = benchmark.Losses.Single();
        Assert.Equal(link, BuiltInCatalog.Runtime.Traits.Loss(value.Plugin, value.BoundOptions).Link);
    }

    [Fact]
    public void The_markdown_report_names_the_rows_that_are_not_softmax()
    {
        var table = new ReportTable("clean.nll", Axis.Loss, Axis.Augmentation, "dataset=d, model=m", ["cross-entropy", "bce"], ["none"], []);
        var report = new Report([table], null, 4) { Links = new Dictionary<string, string> { ["bce"] = "one-vs-all-sigmoid" } };
        Assert.Contains("probabilities by the loss's link, not softmax: bce (one-vs-all-sigmoid)", MarkdownReportExporter.Export(report));
        Assert.DoesNotContain("not softmax", MarkdownReportExporter.Export(report with { Links = new Dictionary<string, string>() }));
    }
}
