using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>
/// The short training run that scores a candidate: data set and model entries (a name or
/// `name: { options }`), how many images train and validate (both taken from the data set's training
/// split, so the test split stays unseen by the search), epochs of <paramref name="Steps"/> batches,
/// the optimizer, and when the gate is checked: after <paramref name="GateEpochs"/> epochs (the
/// threshold comes with each run, see <see cref="ICandidateFitness"/>).
/// </summary>
public sealed record SurrogateSettings(
    ConfigNode Dataset,
    ConfigNode Model,
    int Epochs,
    int Steps,
    int BatchSize,
    int Validation,
    OptimizerSettings Optimizer,
    ScheduleKind Schedule,
    int GateEpochs,
    string Device)
{
    public TrainingSettings Training => new(Epochs, BatchSize, Optimizer, Schedule, 0, 512, null);
}
