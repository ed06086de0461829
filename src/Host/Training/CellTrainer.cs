using System.Diagnostics;
using LossBench.Host.Config;
using LossBench.Host.Results;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Torch;
using LossBench.Torch.Optimizers;
using static LossBench.Torch.torch;

namespace LossBench.Host.Training;

/// <summary>
/// Trains one cell: each epoch a fresh permutation of the training split from the data-order
/// generator, batches augmented with the augmentation generator, the loss from the loss plugin,
/// the optimizer and learning-rate schedule of <c>training:</c>. Every step runs in its own dispose
/// scope so memory stays flat; the loss is checked every step, and a NaN or infinite loss stops
/// training and marks the cell diverged with that step. With <c>training.until</c>, training stops
/// after the first epoch whose training accuracy reaches the target (epochs is then the cap, and the
/// learning-rate schedule still spans the cap).
/// </summary>
public sealed class CellTrainer(TrainingSettings settings, Device device)
{
    public TrainingOutcome Train(TrainingRequest request, CancellationToken cancellation)
    {
        var (model, train, classes, loss, lossName, augmentation, dataOrder, augmentationGenerator) = request;
        var (bias, teacher, progress) = (request.Bias, request.Teacher, request.Progress);
        if (request.LossTraits.NeedsTeacher && teacher is null) throw new InvalidOperationException($"the loss {lossName} needs a teacher model, and none was given");
        if (request.LossTraits.NeedsBiasModel && bias is null) throw new InvalidOperationException($"the loss {lossName} needs bias-model probabilities, and none were given");
        var batchesPerEpoch = train.Count / settings.BatchSize;
        if (batchesPerEpoch == 0)
            throw new InvalidOperationException($"the training split has {train.Count} images, fewer than one batch of {settings.BatchSize} (training.batch-size)");
        var totalSteps = batchesPerEpoch * settings.Epochs;
        var schedule = new LearningRateSchedule(BaseLearningRate(request), settings.Schedule, totalSteps, batchesPerEpoch * (long)settings.WarmupEpochs);
        using var optimizer = CreateOptimizer(model);
        var epochs = new List<EpochRecord>();
        var onCpu = device.Type == DeviceType.CPU;
        // One-hot targets of the whole split, made once: a batch's targets are then one more
        // index_select instead of a one_hot (with its range checks) and a conversion every step.
        // No dispose scope is open here, so the integer one-hot is disposed by hand: left to the
        // finalizer, it stayed resident until a full collection, one per cell.
        using var oneHot = nn.functional.one_hot(train.Labels, classes);
        using var targets = oneHot.to(ScalarType.Float32);
        var clock = Stopwatch.StartNew();
        long step = 0;
        UntilRecord? until = null;
        model.train();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double lossSum = 0;
            using var order = randperm(train.Count, dataOrder);
            // Correct predictions are counted on the device and read once per epoch.
            using var correct = zeros([], ScalarType.Int64, device: device);
            for (var batch = 0; batch < batchesPerEpoch; batch++, step++)
            {
                cancellation.ThrowIfCancellationRequested();
                optimizer.LearningRate = schedule.At(step);
                using var scope = NewDisposeScope();
                var indices = order.narrow(0, (long)batch * settings.BatchSize, settings.BatchSize);
                var input = new Batch(
                    OnDevice(train.Images.index_select(0, indices), onCpu),
                    OnDevice(train.Labels.index_select(0, indices), onCpu),
                    OnDevice(targets.index_select(0, indices), onCpu));
                var augmented = augmentation.Apply(input, augmentationGenerator);
                var logits = model.forward(augmented.Images);
                var value = loss.Compute(new LossInput(logits, augmented.Labels, augmented.TargetProbs, bias?.For(augmented.Images, indices),
                    new TrainingProgress(epoch, settings.Epochs, step, totalSteps))
                {
                    TargetsAreOneHot = ReferenceEquals(augmented.TargetProbs, input.TargetProbs) && ReferenceEquals(augmented.Labels, input.Labels),
                    TeacherProbs = teacher is null ? null : TeacherProbabilities(teacher, augmented.Images),
                });
                if (step == 0) LossContract.Check(value, lossName);
                // Read every step: a NaN or infinite loss stops the cell at the step it appeared.
                var lossValue = value.item<float>();
                if (!float.IsFinite(lossValue))
                    return new TrainingOutcome(epochs, step, clock.Elapsed.TotalSeconds, step);
                optimizer.zero_grad();
                value.backward();
                optimizer.step();
                lossSum += lossValue;
                using (no_grad()) correct.add_(logits.argmax(1).eq(augmented.Labels).sum());
                progress?.Invoke(new TrainingProgressReport(epoch, settings.Epochs, step + 1, totalSteps, lossValue));
            }
            var trainAccuracy = (double)correct.item<long>() / ((long)batchesPerEpoch * settings.BatchSize);
            double? testAccuracy = request.HeldOut is { } heldOut && settings.EvalEvery > 0 && (epoch + 1) % settings.EvalEvery == 0
                ? Accuracy(model, heldOut) : null;
            model.train();
            epochs.Add(new EpochRecord(epoch + 1, lossSum / batchesPerEpoch, trainAccuracy, testAccuracy, epochClock.Elapsed.TotalSeconds));
            if (settings.Until is { } target && (until = UntilAfterEpoch(target, epoch + 1, trainAccuracy, model, train)).Reached) break;
        }
        model.eval();
        return new TrainingOutcome(epochs, step, clock.Elapsed.TotalSeconds, null) { Until = until };
    }

    /// <summary>
    /// training.until after an epoch: the training accuracy by the configured measure, and whether it
    /// reached the target. The running accuracy is the epoch's own (no extra work); a pass runs the
    /// whole training split in eval mode, unaugmented, and puts the model back in train mode.
    /// </summary>
    private UntilRecord UntilAfterEpoch(TrainingUntil until, int epoch, double runningAccuracy, Module<Tensor, Tensor> model, TensorDataset train)
    {
        var accuracy = runningAccuracy;
        if (until.Measure == UntilMeasure.Pass)
        {
            accuracy = Accuracy(model, train);
            model.train();
        }
        return new UntilRecord(until.TrainAccuracy, until.Measure == UntilMeasure.Pass ? "pass" : "running",
            accuracy >= until.TrainAccuracy, epoch, settings.Epochs, accuracy);
    }

    /// <summary>The loss's own learning rate when it declares one (<see cref="LossTraits.LearningRate"/>), else training.optimizer's.</summary>
    private double BaseLearningRate(TrainingRequest request) => request.LossTraits.LearningRate ?? settings.Optimizer.LearningRate;

    private static Tensor TeacherProbabilities(Module<Tensor, Tensor> teacher, Tensor images)
    {
        using var _ = no_grad();
        return nn.functional.softmax(teacher.forward(images), 1);
    }

    /// <summary>The tensor on the training device; on the CPU it already is, and no call is made.</summary>
    private Tensor OnDevice(Tensor tensor, bool onCpu) => onCpu ? tensor : tensor.to(device);

    private Optimizer CreateOptimizer(Module<Tensor, Tensor> model)
    {
        var o = settings.Optimizer;
        var parameters = model.parameters();
        return o.Kind switch
        {
            OptimizerKind.Sgd => optim.SGD(parameters, o.LearningRate, o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov),
            OptimizerKind.Adam => optim.Adam(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay),
            OptimizerKind.AdamW => optim.AdamW(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), o.Kind, "not an optimizer"),
        };
    }

    /// <summary>Clean accuracy on a split in eval mode, batched by the evaluation batch size.</summary>
    private double Accuracy(Module<Tensor, Tensor> model, TensorDataset split)
    {
        model.eval();
        using var _ = no_grad();
        long correct = 0;
        for (long start = 0; start < split.Count; start += settings.EvalBatchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(settings.EvalBatchSize, split.Count - start);
            var logits = model.forward(split.Images.narrow(0, start, length).to(device));
            correct += logits.argmax(1).eq(split.Labels.narrow(0, start, length).to(device)).sum().item<long>();
        }
        return split.Count == 0 ? double.NaN : (double)correct / split.Count;
    }
}
