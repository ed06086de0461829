using LossBench.Sdk.Evaluations;
using LossBench.Testing;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1.Tests;

public sealed class LossBenchPlugin1EvaluationTests
{
    [Fact]
    public void Follows_the_hosts_discovery_rules() => PluginAssert.Valid<LossBenchPlugin1Evaluation>();

    [Fact]
    public void Keeps_the_evaluation_contract_with_its_declared_metrics()
    {
        var result = PluginAssert.Evaluation<LossBenchPlugin1Evaluation>();
        // TestData's context holds a model fitted to a toy problem of 4 classes: well above chance.
        Assert.InRange(result.Metrics["accuracy"], 0.5, 1.0);
        Assert.InRange(result.Metrics["mean-confidence"], 0.25, 1.0);
    }

    [Fact]
    public void Counts_correct_predictions_of_a_model_that_always_answers_class_zero()
    {
        using var scope = NewDisposeScope();
        using var splits = TestData.Splits(testCount: 40, classes: 4);
        // A model whose logits favour class 0 for every image: accuracy is the share of label 0 (10 of 40).
        using var model = new LossBench.Torch.Modules.Lambda("class-zero", x => tensor(new float[] { 5, 0, 0, 0 }, [1, 4]).expand(x.shape[0], 4));
        var context = new EvaluationContext(model, splits, CPU, new LossBench.Torch.Generator(0), new EvaluationBudget(BatchSize: 16));
        var result = PluginAssert.Evaluation(new LossBenchPlugin1Evaluation(new LossBenchPlugin1Options()), context);
        Assert.Equal(10 / 40.0, result.Metrics["accuracy"], 12);
        // Confidence softmax(5, 0, 0, 0)_0 = e^5 / (e^5 + 3) for every image.
        Assert.Equal(Math.Exp(5) / (Math.Exp(5) + 3), result.Metrics["mean-confidence"], 9);
    }

    [Fact]
    public void Names_an_unknown_split_and_the_ones_there_are()
    {
        var error = Assert.Throws<PluginContractException>(() => PluginAssert.Evaluation<LossBenchPlugin1Evaluation>("split: validation"));
        Assert.Contains("the data set has no split 'validation'", error.Message);
    }
}
