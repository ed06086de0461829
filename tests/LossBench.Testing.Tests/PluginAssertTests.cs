using LossBench.Sdk.Losses;

namespace LossBench.Testing.Tests;

/// <summary>
/// Every check of the kit passes a plugin that keeps its contract and fails, with a message that names
/// the clause broken, a plugin that breaks one clause. The expected messages are the documented ones
/// (README "Where plugins come from", docs/plugins.md), not copied from a run.
/// </summary>
public sealed class PluginAssertTests
{
    private static string FailureOf(Action check) => Assert.Throws<PluginContractException>(check).Message;

    [Fact]
    public void Valid_passes_a_plugin_that_discovery_accepts() => PluginAssert.Valid<GoodLoss>();

    [Fact]
    public void Valid_refuses_what_discovery_refuses_with_its_reason()
    {
        Assert.Contains("the plugin name 'Not_Kebab' is not lower-case kebab-case", FailureOf(PluginAssert.Valid<BadNameLoss>));
        Assert.Contains("needs exactly one public constructor, has 2", FailureOf(PluginAssert.Valid<TwoConstructorsLoss>));
        Assert.Contains("its default options are invalid: gamma:", FailureOf(PluginAssert.Valid<BrokenDefaultLoss>));
        Assert.Contains("has no [Plugin(\"name\")] attribute", FailureOf(PluginAssert.Valid<NoAttributeLoss>));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("smoothing: 0.3")]
    public void Loss_passes_a_loss_that_keeps_the_contract(string? options) => PluginAssert.Loss<GoodLoss>(options);

    [Fact]
    public void Loss_finds_a_gradient_that_disagrees_with_finite_differences()
    {
        // d/dz of 0.1 * mean(z^2) is 0.2 z / (N C): finite differences see it, autograd does not.
        var message = FailureOf(() => PluginAssert.Loss<DetachedTermLoss>());
        Assert.Contains("detached-term: gradient against central finite differences", message);
        Assert.Contains("autograd gives", message);
    }

    [Fact]
    public void Loss_finds_a_value_that_is_not_finite_on_extreme_logits()
    {
        var message = FailureOf(() => PluginAssert.Loss<NaiveLogSoftmaxLoss>());
        Assert.Contains("naive-log-softmax: extreme logits", message);
    }

    [Fact]
    public void Loss_finds_a_fast_path_that_differs_from_the_general_path() =>
        Assert.Contains("inconsistent-fast-path: one-hot fast path", FailureOf(() => PluginAssert.Loss<InconsistentFastPathLoss>()));

    [Fact]
    public void Loss_finds_a_loss_that_ignores_mixed_targets_without_saying_so()
    {
        Assert.Contains("reads the labels only", FailureOf(() => PluginAssert.Loss<LabelsOnlyLoss>()));
        PluginAssert.Loss<DeclaredLabelsOnlyLoss>();
    }

    [Fact]
    public void Loss_reports_a_non_scalar_with_the_hosts_message() =>
        Assert.Contains("the loss per-example returned a tensor of shape [8]; a loss returns one scalar", FailureOf(() => PluginAssert.Loss<PerExampleLoss>()));

    [Fact]
    public void Augmentation_passes_an_augmentation_that_keeps_the_contract() => PluginAssert.Augmentation<GoodFlip>();

    [Fact]
    public void Augmentation_finds_images_out_of_range_randomness_not_from_the_generator_leaks_and_undeclared_mixing()
    {
        Assert.Contains("unclamped-noise: range: images must stay in [0, 1]", FailureOf(() => PluginAssert.Augmentation<UnclampedNoise>()));
        Assert.Contains("global-random: determinism", FailureOf(() => PluginAssert.Augmentation<GlobalRandom>()));
        Assert.Contains("hoarding: no leaked tensors: 1 tensor(s) created by Apply outlived its dispose scope", FailureOf(() => PluginAssert.Augmentation<Hoarding>()));
        Assert.Contains("undeclared-mixing: targets", FailureOf(() => PluginAssert.Augmentation<UndeclaredMixing>()));
    }

    [Fact]
    public void Evaluation_passes_named_finite_declared_metrics()
    {
        var result = PluginAssert.Evaluation<GoodAccuracy>();
        // The default context's model is fitted to a toy problem of 4 classes: far above chance (0.25).
        Assert.InRange(result.Metrics["accuracy"], 0.6, 1.0);
    }

    [Fact]
    public void Evaluation_finds_a_metric_that_is_not_finite_or_cannot_be_named_in_a_table()
    {
        Assert.Contains("fixed.accuracy is NaN", FailureOf(() => PluginAssert.Evaluation(new FixedMetric("accuracy", double.NaN), name: "fixed")));
        Assert.Contains("the metric name 'top 1' cannot be addressed", FailureOf(() => PluginAssert.Evaluation(new FixedMetric("top 1", 0.5), name: "fixed")));
        Assert.Contains("MetricsOf declares [accuracy], the result holds [acc]",
            FailureOf(() => PluginAssert.Evaluation(new FixedMetric("acc", 0.5), declaredMetrics: ["accuracy"], name: "fixed")));
    }

    [Fact]
    public void Model_passes_a_model_seeded_by_the_host_and_finds_one_that_is_not()
    {
        PluginAssert.Model<GoodLinear>();
        Assert.Contains("fixed-init: initialisation", FailureOf(() => PluginAssert.Model<FixedInit>()));
    }

    [Fact]
    public void Options_bind_from_yaml_with_defaults_and_the_hosts_messages()
    {
        Assert.Equal(new GammaOptions { Gamma = 3, Mode = "mean" }, PluginOptions.Bind<GammaOptions>("gamma: 3"));
        Assert.Equal(new GammaOptions(), PluginOptions.Bind<GammaOptions>(null));
        // The host's message for a wrong type, as the README shows it: path, expected type, what was found.
        Assert.Equal("options.yaml:1:8: focal.gamma: expected number, got 'big'", PluginOptions.ErrorOf<GammaOptions>("gamma: big", "focal"));
        Assert.Contains("focal.gama: unknown option 'gama'", PluginOptions.ErrorOf<GammaOptions>("gama: 1", "focal"));
        Assert.StartsWith("options.yaml:1:8: focal.gamma:", PluginOptions.ErrorOf<GammaOptions>("gamma: 11", "focal"));
    }

    [Fact]
    public void Test_data_is_seeded_and_shaped_as_the_host_gives_it()
    {
        using var scope = LossBench.Torch.torch.NewDisposeScope();
        var input = TestData.LossInput(batch: 6, classes: 3, seed: 9);
        var again = TestData.LossInput(batch: 6, classes: 3, seed: 9);
        Assert.True(input.Logits.equal(again.Logits) && input.Labels.equal(again.Labels));
        Assert.True(input.TargetsAreOneHot && input.Logits.requires_grad);
        // Every class present twice, one-hot rows.
        Assert.Equal([0L, 0, 1, 1, 2, 2], input.Labels.ToArray<long>().Order());
        Assert.Equal(Enumerable.Repeat(1f, 6), input.TargetProbs.sum(1).ToArray<float>());
        var mixed = TestData.Mixed(input, lambda: 0.7);
        Assert.False(mixed.TargetsAreOneHot);
        Assert.All(mixed.TargetProbs.sum(1).ToArray<float>(), s => Assert.Equal(1f, s, 5));
        // Each row keeps at least lambda of its own label (more where the partner has the same label).
        Assert.True(mixed.TargetProbs.max(1).values.min().item<float>() >= 0.7f - 1e-6f);
    }

    [Fact]
    public void Dataset_passes_a_data_set_that_disposes_what_it_does_not_return() => PluginAssert.Dataset(new TidyDataset(), name: "tidy");

    [Fact]
    public void Dataset_finds_a_tensor_load_left_to_the_finalizer()
    {
        // Each split's arange is neither returned nor disposed: two tensors more (train, test) after a load's splits are disposed.
        Assert.Contains("leaky: Load: 2 tensor(s) made by Load were neither returned in the splits nor disposed",
            FailureOf(() => PluginAssert.Dataset(new LeakyDataset(), name: "leaky")));
    }
}

/// <summary>Twelve 2x2 grey images in two classes, in train and test; the labels go through one intermediate tensor.</summary>
internal abstract class TwoClassDataset : LossBench.Sdk.Datasets.IDataset
{
    public LossBench.Sdk.Datasets.DatasetInfo Info => new(1, 2, 2, 2);

    public LossBench.Sdk.Datasets.DataSplits Load(LossBench.Sdk.Datasets.DataContext context) => new(Split(), Split());

    private LossBench.Sdk.Datasets.TensorDataset Split() =>
        new(LossBench.Torch.torch.full([12, 1, 2, 2], 0.5), Labels());

    protected abstract LossBench.Torch.Tensor Labels();
}

internal sealed class TidyDataset : TwoClassDataset
{
    protected override LossBench.Torch.Tensor Labels()
    {
        using var counting = LossBench.Torch.torch.arange(12);
        return counting.remainder(2);
    }
}

internal sealed class LeakyDataset : TwoClassDataset
{
    protected override LossBench.Torch.Tensor Labels() => LossBench.Torch.torch.arange(12).remainder(2);
}
