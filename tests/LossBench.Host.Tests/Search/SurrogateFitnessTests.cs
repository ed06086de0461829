using LossBench.Host.Config;
using LossBench.Host.Search;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Host.Tests.Search;

/// <summary>
/// A tiny surrogate: a small MLP for 3 epochs of 5 batches of 32 embedded MNIST digits, validated on
/// 200 others. One test counts libtorch's live tensors, a process-wide number, so the class runs alone.
/// </summary>
[Collection(HostNativeHandlesCollection.Name)]
public sealed class SurrogateFitnessTests
{
    private static SurrogateSettings Settings() => new(
        ConfigMapping.Of(("mnist-10k", ConfigMapping.Of(("train", 600), ("test", 100)))),
        ConfigMapping.Of(("mlp", ConfigMapping.Of(("hidden", new[] { 32 })))),
        Epochs: 3, Steps: 5, BatchSize: 32, Validation: 200,
        new OptimizerSettings(OptimizerKind.Sgd, 0.1, Momentum: 0.9), ScheduleKind.Constant, GateEpochs: 1, Device: "cpu");

    private static SurrogateFitness Fitness() =>
        new(BuiltInCatalog.Provider, Settings(), new ConfigScalar("none"), dataSeed: 0, Directory.GetCurrentDirectory(), "search.surrogate");

    private static ConfigNode Expr(string formula) => ConfigMapping.Of(("expr", ConfigMapping.Of(("formula", formula))));

    [Fact]
    public void Cross_entropy_learns_above_chance_and_repeats_exactly_for_a_seed()
    {
        using var fitness = Fitness();
        var first = fitness.Evaluate(new ConfigScalar("cross-entropy"), 1, gate: null, CancellationToken.None);
        var again = fitness.Evaluate(new ConfigScalar("cross-entropy"), 1, gate: null, CancellationToken.None);
        Assert.Equal(FitnessStatus.Ok, first.Status);
        // Ten classes: chance is 0.1.
        Assert.InRange(first.Fitness, 0.3, 1.0);
        Assert.Equal(first.Fitness, again.Fitness);
        // The same loss written as a formula trains the same way (up to the 1e-7 inside the protected log).
        var formula = fitness.Evaluate(Expr("neg((y * log(p)))"), 1, gate: null, CancellationToken.None);
        Assert.InRange(formula.Fitness, first.Fitness - 0.02, first.Fitness + 0.02);
    }

    [Fact]
    public void A_loss_pointing_the_wrong_way_learns_to_miss_and_the_gate_stops_it()
    {
        using var fitness = Fitness();
        // Minimising y ln p drives the true class's probability to 0: validation accuracy falls below chance.
        var wrong = fitness.Evaluate(Expr("(y * log(p))"), 1, gate: null, CancellationToken.None);
        Assert.InRange(wrong.Fitness, 0.0, 0.15);
        var stopped = fitness.Evaluate(Expr("(y * log(p))"), 1, gate: 0.5, CancellationToken.None);
        Assert.Equal(FitnessStatus.Gated, stopped.Status);
        Assert.Equal(0, stopped.Fitness);
        Assert.Contains("below the gate 0.500", stopped.Message);
        // With and without the gate the run is the same up to the gate: the same measured accuracy there.
        Assert.Equal(stopped.GateAccuracy, wrong.GateAccuracy);
        Assert.Equal(FitnessStatus.Ok, wrong.Status);
        Assert.InRange(wrong.GateAccuracy!.Value, 0.0, 0.5);
    }

    [Fact]
    public void A_relative_gate_from_cross_entropys_measured_accuracy_stops_a_slow_loss_and_passes_a_good_one()
    {
        using var fitness = Fitness();
        // As the search scores its reference: ungated, reporting the training accuracy of epoch 1.
        var reference = fitness.Evaluate(new ConfigScalar("cross-entropy"), 1, gate: null, CancellationToken.None);
        var threshold = GateRule.Relative(0.5).Threshold(reference.GateAccuracy)!.Value;
        Assert.Equal(0.5 * reference.GateAccuracy!.Value, threshold, 12);
        Assert.InRange(threshold, 0.1, 0.5); // cross-entropy learns above chance (0.1) in one epoch here
        // A loss pointing the wrong way trains towards the wrong classes: below half of cross-entropy's accuracy, stopped.
        var wrong = fitness.Evaluate(Expr("(y * log(p))"), 1, threshold, CancellationToken.None);
        Assert.Equal(FitnessStatus.Gated, wrong.Status);
        Assert.True(wrong.GateAccuracy < threshold);
        // Cross-entropy written as a formula is within 1e-7 of the reference's run: above half of it, not stopped.
        var good = fitness.Evaluate(Expr("neg((y * log(p)))"), 1, threshold, CancellationToken.None);
        Assert.Equal(FitnessStatus.Ok, good.Status);
        Assert.True(good.GateAccuracy >= threshold);
    }

    [Fact]
    public void A_loss_entry_that_does_not_bind_is_a_failed_candidate_not_a_crash()
    {
        using var fitness = Fitness();
        var result = fitness.Evaluate(Expr("y * lg(p)"), 1, gate: null, CancellationToken.None);
        Assert.Equal(FitnessStatus.Failed, result.Status);
        Assert.Contains("unknown function 'lg'", result.Message);
    }

    [Fact]
    public void A_disposed_fitness_leaves_no_tensor_to_the_finalizer()
    {
        using var warm = Fitness(); // the first load of the digits caches what later loads reuse
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = torch.live_tensors;
        using (var fitness = Fitness())
        {
            // Images and labels of the training rows and of the validation rows, nothing else.
            Assert.Equal(before + 4, torch.live_tensors);
        }
        // Counted without collecting: a tensor left to the finalizer would still be alive here.
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void More_training_and_validation_images_than_the_split_holds_is_an_error_naming_the_options()
    {
        var settings = Settings() with { Steps = 100 };
        var error = Assert.Throws<ArgumentException>(() =>
            new SurrogateFitness(BuiltInCatalog.Provider, settings, new ConfigScalar("none"), 0, Directory.GetCurrentDirectory(), "search.surrogate"));
        Assert.Contains("steps x batch-size (100 x 32 = 3200) training images plus 200 validation images are more than the 600 images", error.Message);
    }
}
