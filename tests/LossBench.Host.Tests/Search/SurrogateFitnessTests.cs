using LossBench.Host.Config;
using LossBench.Host.Search;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Search;

/// <summary>A tiny surrogate: a small MLP for 3 epochs of 5 batches of 32 embedded MNIST digits, validated on 200 others.</summary>
public sealed class SurrogateFitnessTests
{
    private static SurrogateSettings Settings(double gate = 0) => new(
        ConfigMapping.Of(("mnist-10k", ConfigMapping.Of(("train", 600), ("test", 100)))),
        ConfigMapping.Of(("mlp", ConfigMapping.Of(("hidden", new[] { 32 })))),
        Epochs: 3, Steps: 5, BatchSize: 32, Validation: 200,
        new OptimizerSettings(OptimizerKind.Sgd, 0.1, Momentum: 0.9), ScheduleKind.Constant, gate, GateEpochs: 1, Device: "cpu");

    private static SurrogateFitness Fitness(double gate = 0) =>
        new(BuiltInCatalog.Provider, Settings(gate), new ConfigScalar("none"), dataSeed: 0, Directory.GetCurrentDirectory(), "search.surrogate");

    private static ConfigNode Expr(string formula) => ConfigMapping.Of(("expr", ConfigMapping.Of(("formula", formula))));

    [Fact]
    public void Cross_entropy_learns_above_chance_and_repeats_exactly_for_a_seed()
    {
        using var fitness = Fitness();
        var first = fitness.Evaluate(new ConfigScalar("cross-entropy"), 1, gated: true, CancellationToken.None);
        var again = fitness.Evaluate(new ConfigScalar("cross-entropy"), 1, gated: true, CancellationToken.None);
        Assert.Equal(FitnessStatus.Ok, first.Status);
        // Ten classes: chance is 0.1.
        Assert.InRange(first.Fitness, 0.3, 1.0);
        Assert.Equal(first.Fitness, again.Fitness);
        // The same loss written as a formula trains the same way (up to the 1e-7 inside the protected log).
        var formula = fitness.Evaluate(Expr("neg((y * log(p)))"), 1, gated: true, CancellationToken.None);
        Assert.InRange(formula.Fitness, first.Fitness - 0.02, first.Fitness + 0.02);
    }

    [Fact]
    public void A_loss_pointing_the_wrong_way_learns_to_miss_and_the_gate_stops_it()
    {
        using var fitness = Fitness();
        // Minimising y ln p drives the true class's probability to 0: validation accuracy falls below chance.
        var wrong = fitness.Evaluate(Expr("(y * log(p))"), 1, gated: true, CancellationToken.None);
        Assert.InRange(wrong.Fitness, 0.0, 0.15);
        using var gated = Fitness(gate: 0.5);
        var stopped = gated.Evaluate(Expr("(y * log(p))"), 1, gated: true, CancellationToken.None);
        Assert.Equal(FitnessStatus.Gated, stopped.Status);
        Assert.Equal(0, stopped.Fitness);
        Assert.Contains("below the gate 0.500", stopped.Message);
        // Ungated (as references are scored), the same settings train to the end: the same run as without a gate.
        var ungated = gated.Evaluate(Expr("(y * log(p))"), 1, gated: false, CancellationToken.None);
        Assert.Equal(FitnessStatus.Ok, ungated.Status);
        Assert.Equal(wrong.Fitness, ungated.Fitness);
    }

    [Fact]
    public void A_loss_entry_that_does_not_bind_is_a_failed_candidate_not_a_crash()
    {
        using var fitness = Fitness();
        var result = fitness.Evaluate(Expr("y * lg(p)"), 1, gated: true, CancellationToken.None);
        Assert.Equal(FitnessStatus.Failed, result.Status);
        Assert.Contains("unknown function 'lg'", result.Message);
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
