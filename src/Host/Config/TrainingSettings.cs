namespace LossBench.Host.Config;

/// <summary>The `training:` section: the same for every cell of a benchmark.</summary>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="BatchSize">Training batch size; the last incomplete batch of an epoch is dropped.</param>
/// <param name="Optimizer">The optimizer and its hyper-parameters.</param>
/// <param name="Schedule">The learning-rate schedule over all steps.</param>
/// <param name="WarmupEpochs">Linear warm-up from 0 over this many epochs before the schedule (0: none).</param>
/// <param name="EvalBatchSize">Batch size of evaluations.</param>
/// <param name="MaxEvalExamples">Evaluate at most this many examples per split, or all when null.</param>
public sealed record TrainingSettings(
    int Epochs,
    int BatchSize,
    OptimizerSettings Optimizer,
    ScheduleKind Schedule,
    int WarmupEpochs,
    int EvalBatchSize,
    int? MaxEvalExamples)
{
    /// <summary>Stop at a training accuracy, with <see cref="Epochs"/> as the cap; null (the default): train every epoch.</summary>
    public TrainingUntil? Until { get; init; }

    /// <summary>
    /// Measure the test accuracy after every N-th epoch (1, the default: after each; 0: never). It is
    /// recorded per epoch for the training curves and changes nothing the cell learns, so it is not
    /// part of the cell's identity.
    /// </summary>
    public int EvalEvery { get; init; } = 1;

    public static TrainingSettings Default { get; } = new(1, 128, OptimizerSettings.Default, ScheduleKind.Constant, 0, 512, null);
}
