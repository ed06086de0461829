using LossBench.Host.Config;
using LossBench.Host.Results;
using LossBench.Host.Training;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Host.Tests.Training;

/// <summary>
/// training.until on a case worked by hand: four one-pixel images x = -1, -1, -1, +1 with labels
/// 0, 0, 0, 1, one batch per epoch, a zero-initialised Linear(1, 2), cross-entropy, plain SGD.
/// Zero logits tie, and argmax takes class 0: 3 of 4 right (0.75). The first step's gradient
/// (softmax - onehot, averaged) is dW = (0.5, -0.5), db = (-0.25, 0.25); with lr 1 the weights
/// become W = (-0.5, 0.5), b = (0.25, -0.25), which classify all four right (x = +1: logits
/// (-0.25, 0.25); x = -1: (0.75, -0.75)). So the running accuracy (each batch by the weights before
/// its step) is 0.75 in epoch 1 and 1 from epoch 2 on, and a pass after epoch 1 already sees 1.
/// With lr 0 nothing moves and the accuracy stays 0.75 in every epoch. The same case checks
/// training.eval-every: the held-out split is the training split, so after every epoch (lr 1) its
/// accuracy is 1, recorded only for the epochs eval-every names.
/// </summary>
public sealed class TrainingUntilTests
{
    private static (IReadOnlyList<double> Running, UntilRecord? Until, int Epochs, long Steps) Train(double lr, int epochs, TrainingUntil? until)
    {
        var (running, _, record, count, steps) = TrainWithTestPass(lr, epochs, until, evalEvery: 1, heldOut: false);
        return (running, record, count, steps);
    }

    private static (IReadOnlyList<double> Running, IReadOnlyList<double?> Test, UntilRecord? Until, int Epochs, long Steps) TrainWithTestPass(
        double lr, int epochs, TrainingUntil? until, int evalEvery, bool heldOut)
    {
        using var scope = torch.NewDisposeScope();
        var linear = new Linear(1, 2);
        using (torch.no_grad())
        {
            linear.weight.zero_();
            linear.bias!.zero_();
        }
        using var model = torch.nn.Sequential(new Lambda("Flatten", x => x.flatten(1)), linear);
        using var train = new TensorDataset(torch.tensor(new float[] { -1, -1, -1, 1 }, [4, 1, 1, 1]), torch.tensor(new long[] { 0, 0, 0, 1 }));
        using var order = new Generator(1);
        using var draws = new Generator(2);
        var settings = new TrainingSettings(epochs, 4, new OptimizerSettings(OptimizerKind.Sgd, lr), ScheduleKind.Constant, 0, 4, null) { Until = until, EvalEvery = evalEvery };
        var outcome = new CellTrainer(settings, Device.CPU).Train(
            new TrainingRequest(model, train, 2, new CrossEntropyOnLabels(), "cross-entropy", new Unchanged(), order, draws) { HeldOut = heldOut ? train : null },
            CancellationToken.None);
        return (outcome.Epochs.Select(e => e.TrainAccuracy).ToArray(), outcome.Epochs.Select(e => e.TestAccuracy).ToArray(), outcome.Until, outcome.Epochs.Count, outcome.Steps);
    }

    [Fact]
    public void Eval_every_measures_the_test_accuracy_only_after_the_epochs_it_names_and_changes_no_training()
    {
        var every = TrainWithTestPass(1, 4, null, evalEvery: 1, heldOut: true);
        var second = TrainWithTestPass(1, 4, null, evalEvery: 2, heldOut: true);
        var never = TrainWithTestPass(1, 4, null, evalEvery: 0, heldOut: true);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], every.Test);
        Assert.Equal([null, 1.0, null, 1.0], second.Test);
        Assert.Equal([null, null, null, null], never.Test);
        // The pass runs in eval mode without gradients: the training itself is the same.
        Assert.Equal([0.75, 1.0, 1.0, 1.0], every.Running);
        Assert.Equal(every.Running, second.Running);
        Assert.Equal(every.Running, never.Running);
    }

    [Fact]
    public void Running_accuracy_stops_after_the_first_epoch_that_reaches_the_target()
    {
        var (running, until, epochs, steps) = Train(1, 5, new TrainingUntil(0.9, UntilMeasure.Running));
        Assert.Equal([0.75, 1.0], running);
        Assert.Equal((2, 2L), (epochs, steps));
        Assert.Equal(new UntilRecord(0.9, "running", true, 2, 5, 1.0), until);
    }

    [Fact]
    public void A_pass_over_the_training_split_sees_the_weights_after_the_epoch()
    {
        var (running, until, epochs, _) = Train(1, 5, new TrainingUntil(0.9, UntilMeasure.Pass));
        Assert.Equal([0.75], running);
        Assert.Equal(1, epochs);
        Assert.Equal(new UntilRecord(0.9, "pass", true, 1, 5, 1.0), until);
    }

    [Fact]
    public void A_target_met_exactly_counts_as_reached()
    {
        var (_, until, epochs, _) = Train(0, 5, new TrainingUntil(0.75, UntilMeasure.Running));
        Assert.Equal(1, epochs);
        Assert.True(until!.Reached);
    }

    [Fact]
    public void A_target_never_reached_trains_to_the_cap_and_says_so()
    {
        var (running, until, epochs, steps) = Train(0, 3, new TrainingUntil(0.8, UntilMeasure.Running));
        Assert.Equal([0.75, 0.75, 0.75], running);
        Assert.Equal((3, 3L), (epochs, steps));
        Assert.Equal(new UntilRecord(0.8, "running", false, 3, 3, 0.75), until);
        Assert.Contains("did not reach 0.8 within the cap of 3 epochs (0.7500 after epoch 3)", until!.MissedMessage());
    }

    [Fact]
    public void Without_until_every_epoch_trains_and_nothing_is_recorded()
    {
        var (running, until, epochs, _) = Train(1, 3, null);
        Assert.Equal([0.75, 1.0, 1.0], running);
        Assert.Equal(3, epochs);
        Assert.Null(until);
    }
}
