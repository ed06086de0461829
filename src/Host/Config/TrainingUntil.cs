namespace LossBench.Host.Config;

/// <summary>
/// `training.until`: stop a cell's training after the first epoch whose training accuracy reaches
/// <paramref name="TrainAccuracy"/>; <c>training.epochs</c> is then the cap (and the length of the
/// learning-rate schedule, so a cell that stops early stops part-way down a cosine or step schedule).
/// A cell that reaches the cap without the target is recorded as failed, with its evaluations, so
/// that tables compare only cells trained to the same accuracy.
/// </summary>
/// <param name="TrainAccuracy">The target, a fraction in (0, 1].</param>
/// <param name="Measure">How the training accuracy is measured.</param>
public sealed record TrainingUntil(double TrainAccuracy, UntilMeasure Measure);
