using LossBench.Plugins.Evaluations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>
/// clean on a fixed two-class classifier whose metrics are worked out by hand. The five test
/// examples (p = softmax probability of class 1, prediction = arg-max, confidence = max(p, 1 - p)):
/// <code>
///   i  p(1)  label  prediction  confidence  correct  p(label)
///   0  0.90  1      1           0.90        yes      0.90
///   1  0.70  0      1           0.70        no       0.30
///   2  0.75  1      1           0.75        yes      0.75
///   3  0.45  0      0           0.55        yes      0.55
///   4  0.95  0      1           0.95        no       0.05
/// </code>
/// accuracy = 3/5 = 0.6; nll = -(ln 0.9 + ln 0.3 + ln 0.75 + ln 0.55 + ln 0.05) / 5 = 1.0381169...
/// </summary>
public sealed class CleanEvaluationTests
{
    private static readonly double[] ClassOne = [0.90, 0.70, 0.75, 0.45, 0.95];
    private static readonly long[] TestLabels = [1, 0, 1, 0, 0];

    private static DataSplits Splits(IReadOnlyDictionary<string, TensorDataset>? extra = null) =>
        new(FixedClassifier.Split([0, 1], [1, 0]), FixedClassifier.Split([0, 1, 2, 3, 4], TestLabels), extra);

    private static EvaluationResult Evaluate(CleanOptions options, int batchSize = 2, int? maxExamples = null, Func<DataSplits>? splits = null)
    {
        using var classifier = new FixedClassifier(ClassOne);
        using var data = (splits ?? (() => Splits()))();
        return new CleanEvaluation(options).Evaluate(classifier.Context(data, batchSize, maxExamples));
    }

    [Fact]
    public void Accuracy_nll_and_ece_with_15_bins_where_every_example_has_its_own_bin()
    {
        // 15 bins of width 1/15 = 0.0667: 0.55 is in bin 9 (0.533, 0.6], 0.70 in 11 (0.667, 0.733],
        // 0.75 in 12 (0.733, 0.8], 0.90 in 14 (0.867, 0.933], 0.95 in 15 (0.933, 1]: all distinct, so
        // ECE = (1/5) sum |correct - confidence| = (|1 - 0.9| + |0 - 0.7| + |1 - 0.75| + |1 - 0.55| + |0 - 0.95|) / 5
        //     = (0.1 + 0.7 + 0.25 + 0.45 + 0.95) / 5 = 2.45 / 5 = 0.49.
        // Batch size 2 splits the five examples into batches of 2, 2 and 1.
        var result = Evaluate(new CleanOptions(), batchSize: 2);
        Assert.Equal(["accuracy", "nll", "ece"], result.Metrics.Keys);
        Expect.Close(0.6, result.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.9) + Math.Log(0.3) + Math.Log(0.75) + Math.Log(0.55) + Math.Log(0.05)) / 5, result.Metrics["nll"]);
        Expect.Close(1.0381169334, result.Metrics["nll"], rtol: 1e-10);
        Expect.Close(0.49, result.Metrics["ece"]);

        // The reliability curve: one point per non-empty bin, in bin order.
        var curve = Assert.Single(result.Curves).Value;
        Assert.Equal("reliability", Assert.Single(result.Curves).Key);
        Assert.Equal(("confidence", "accuracy"), (curve.XName, curve.YName));
        Expect.Close([0.55, 0.70, 0.75, 0.90, 0.95], curve.X.ToArray(), what: "x");
        Expect.Close([1, 0, 1, 1, 0], curve.Y.ToArray(), what: "y");
    }

    [Fact]
    public void Nll_uses_the_losss_link_for_one_vs_all_sigmoids()
    {
        // Logits (0, a) with a = ln(p / (1 - p)) give sigmoids (1/2, p); normalised, q(1) = p / (1/2 + p) and
        // q(0) = (1/2) / (1/2 + p). So p(label) is 0.9/1.4, 0.5/1.2, 0.75/1.25, 0.5/0.95, 0.5/1.45, and
        // the arg-max, hence the accuracy, is the softmax's.
        using var classifier = new FixedClassifier(ClassOne);
        using var data = Splits();
        var context = classifier.Context(data, batchSize: 2) with { Link = LossBench.Sdk.Losses.PredictionLink.OneVsAllSigmoid };
        var result = new CleanEvaluation(new CleanOptions()).Evaluate(context);
        Expect.Close(0.6, result.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.9 / 1.4) + Math.Log(0.5 / 1.2) + Math.Log(0.75 / 1.25) + Math.Log(0.5 / 0.95) + Math.Log(0.5 / 1.45)) / 5,
            result.Metrics["nll"], rtol: 1e-12);
        // The reliability curve's confidences are the normalised sigmoids' maxima (distinct bins of 15 except 0.6 and 0.5833, which share (0.533, 0.6]).
        var curve = result.Curves["reliability"];
        Assert.Contains(curve.X, x => Math.Abs(x - 0.5 / 0.95) < 1e-12);
        Assert.DoesNotContain(curve.X, x => Math.Abs(x - 0.55) < 1e-9); // the softmax's confidence of example 3
    }

    [Fact]
    public void Ece_with_5_bins_where_examples_share_bins()
    {
        // 5 bins: (0.4, 0.6] holds {0.55 correct}; (0.6, 0.8] holds {0.70 wrong, 0.75 correct};
        // (0.8, 1] holds {0.90 correct, 0.95 wrong}.
        //   bin 3: acc 1,   conf 0.55,  |B|/N = 1/5: 0.2 * 0.45  = 0.09
        //   bin 4: acc 0.5, conf 0.725, |B|/N = 2/5: 0.4 * 0.225 = 0.09
        //   bin 5: acc 0.5, conf 0.925, |B|/N = 2/5: 0.4 * 0.425 = 0.17
        // ECE = 0.35.
        var result = Evaluate(new CleanOptions { Bins = 5 });
        Expect.Close(0.35, result.Metrics["ece"]);
        Expect.Close(0.6, result.Metrics["accuracy"]);
        var curve = result.Curves["reliability"];
        Expect.Close([0.55, 0.725, 0.925], curve.X.ToArray(), what: "x");
        Expect.Close([1, 0.5, 0.5], curve.Y.ToArray(), what: "y");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(256)]
    public void The_batch_size_does_not_change_the_metrics(int batchSize)
    {
        var result = Evaluate(new CleanOptions(), batchSize);
        Expect.Close(0.6, result.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.9) + Math.Log(0.3) + Math.Log(0.75) + Math.Log(0.55) + Math.Log(0.05)) / 5, result.Metrics["nll"]);
        Expect.Close(0.49, result.Metrics["ece"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(256)]
    public void Stores_each_examples_prediction_label_probability_and_correctness_from_the_table(int batchSize)
    {
        // The columns prediction, p(label) and correct of the table above, whatever the batching.
        var result = Evaluate(new CleanOptions(), batchSize);
        var (name, examples) = Assert.Single(result.Examples);
        Assert.Equal("accuracy", name);
        Assert.Equal([0, 1, 2, 3, 4], examples.Index);
        Assert.Equal([1, 1, 1, 0, 1], examples.Predicted);
        Expect.Close([0.90, 0.30, 0.75, 0.55, 0.05], examples.LabelProbability.Select(p => (double)p).ToArray(), rtol: 1e-6, atol: 0, what: "p(label)");
        Assert.Equal([true, false, true, true, false], examples.Correct);
        Expect.Close(result.Metrics["accuracy"], examples.Correct.Count(c => c) / 5.0);
    }

    [Fact]
    public void Stored_label_probabilities_use_the_losss_link()
    {
        // Normalised sigmoids (see Nll_uses_the_losss_link_for_one_vs_all_sigmoids): p(label) =
        // 0.9/1.4, 0.5/1.2, 0.75/1.25, 0.5/0.95, 0.5/1.45; predictions and correctness are the softmax's.
        using var classifier = new FixedClassifier(ClassOne);
        using var data = Splits();
        var context = classifier.Context(data, batchSize: 2) with { Link = LossBench.Sdk.Losses.PredictionLink.OneVsAllSigmoid };
        var examples = new CleanEvaluation(new CleanOptions()).Evaluate(context).Examples["accuracy"];
        Assert.Equal([1, 1, 1, 0, 1], examples.Predicted);
        Expect.Close([0.9 / 1.4, 0.5 / 1.2, 0.75 / 1.25, 0.5 / 0.95, 0.5 / 1.45], examples.LabelProbability.Select(p => (double)p).ToArray(), rtol: 1e-6, atol: 0, what: "p(label)");
        Assert.Equal([true, false, true, true, false], examples.Correct);
    }

    [Fact]
    public void Stored_outcomes_cover_only_the_evaluated_examples()
    {
        var examples = Evaluate(new CleanOptions(), batchSize: 2, maxExamples: 3).Examples["accuracy"];
        Assert.Equal([0, 1, 2], examples.Index);
        Assert.Equal([1, 1, 1], examples.Predicted);
        Assert.Equal([true, false, true], examples.Correct);
    }

    [Fact]
    public void Max_examples_evaluates_only_the_first_ones()
    {
        // The first three examples: correct, wrong, correct, so accuracy 2/3;
        // nll = -(ln 0.9 + ln 0.3 + ln 0.75) / 3; 15 bins, all distinct:
        // ECE = (|1 - 0.9| + |0 - 0.7| + |1 - 0.75|) / 3 = (0.1 + 0.7 + 0.25) / 3 = 0.35.
        var result = Evaluate(new CleanOptions(), batchSize: 2, maxExamples: 3);
        Expect.Close(2.0 / 3, result.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.9) + Math.Log(0.3) + Math.Log(0.75)) / 3, result.Metrics["nll"]);
        Expect.Close(0.35, result.Metrics["ece"]);
        Assert.Equal(3, result.Curves["reliability"].X.Count);
    }

    [Fact]
    public void Other_splits_are_chosen_by_name()
    {
        // "ood" holds examples 3 and 4, both labelled 0: 3 is right with confidence 0.55, 4 wrong
        // with confidence 0.95. accuracy 1/2; nll = -(ln 0.55 + ln 0.05) / 2; ECE (15 bins, distinct)
        // = (|1 - 0.55| + |0 - 0.95|) / 2 = (0.45 + 0.95) / 2 = 0.7.
        DataSplits WithOod() => Splits(new Dictionary<string, TensorDataset> { ["ood"] = FixedClassifier.Split([3, 4], [0, 0]) });
        var ood = Evaluate(new CleanOptions { Split = "ood" }, splits: WithOod);
        Expect.Close(0.5, ood.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.55) + Math.Log(0.05)) / 2, ood.Metrics["nll"]);
        Expect.Close(0.7, ood.Metrics["ece"]);

        // "train" holds examples 0 (label 1, right) and 1 (label 0, wrong).
        var train = Evaluate(new CleanOptions { Split = "train" });
        Expect.Close(0.5, train.Metrics["accuracy"]);
        Expect.Close(-(Math.Log(0.9) + Math.Log(0.3)) / 2, train.Metrics["nll"]);
    }

    [Fact]
    public void An_unknown_split_is_an_error_listing_the_available_ones()
    {
        DataSplits WithOod() => Splits(new Dictionary<string, TensorDataset> { ["ood"] = FixedClassifier.Split([3], [0]) });
        var error = Assert.Throws<ArgumentException>(() => Evaluate(new CleanOptions { Split = "odd" }, splits: WithOod));
        Assert.Contains("no split 'odd'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'ood'", error.Message, StringComparison.Ordinal);
        Assert.Contains("available splits: test, train, ood", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_evaluation_is_an_error_rather_than_nan_metrics()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Evaluate(new CleanOptions(), maxExamples: 0));
        Assert.Contains("no examples", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Bin i (0-based) of M holds (i / M, (i + 1) / M]: an edge belongs to the bin below it.
    [InlineData(0.2, 15, 2)]        // 0.2 = 3/15 is the top of bin (2/15, 3/15]; 0.2 * 15 rounds to 3.0000000000000004
    [InlineData(0.2000001, 15, 3)]
    [InlineData(1.0, 15, 14)]
    [InlineData(1.0 / 15, 15, 0)]
    [InlineData(1e-9, 15, 0)]
    [InlineData(0.5, 2, 0)]
    [InlineData(0.5000001, 2, 1)]
    [InlineData(0.7, 1, 0)]
    public void Confidence_bins_are_open_below_and_closed_above(double confidence, int bins, int expected) =>
        Assert.Equal(expected, CleanEvaluation.BinOf(confidence, bins));

    [Fact]
    public void Options_bind_split_and_bins_and_reject_wrong_types()
    {
        Assert.Equal(new CleanOptions { Split = "test", Bins = 15 }, OptionsBinder.Bind<CleanOptions>(null, "evaluations[0].clean"));
        Assert.Equal(new CleanOptions { Split = "ood", Bins = 10 },
            OptionsBinder.Bind<CleanOptions>(ConfigMapping.Of(("split", "ood"), ("bins", 10)), "evaluations[0].clean"));

        Expect.BindingFails<CleanOptions>(ConfigMapping.Of(("bins", 2.5)), "evaluations[0].clean",
            "evaluations[0].clean.bins", "expected integer", "'2.5'");
        Expect.BindingFails<CleanOptions>(ConfigMapping.Of(("bins", 0)), "evaluations[0].clean",
            "evaluations[0].clean.bins", "between 1 and 1000");
        Expect.BindingFails<CleanOptions>(ConfigMapping.Of(("split", new[] { "test", "ood" })), "evaluations[0].clean",
            "evaluations[0].clean.split", "expected string", "a list of 2");
    }

    [Fact]
    public void The_declared_metrics_are_exactly_the_ones_reported()
    {
        // The host refuses a report table over any other name, so the declaration must not drift from Evaluate.
        foreach (var options in new[] { new CleanOptions(), new CleanOptions { Bins = 3 } })
            Assert.Equal(CleanEvaluation.MetricsOf(options).Order(StringComparer.Ordinal), Evaluate(options).Metrics.Keys.Order(StringComparer.Ordinal));
    }
}
