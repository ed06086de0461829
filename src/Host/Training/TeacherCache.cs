using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Teachers for distillation losses (conf-reg): the cross-entropy model of the same cell and seed.
/// Its weights are the cached weights of that cell (weights/&lt;id&gt;.safetensors) when that cell's
/// own record vouches for them (verified, and holding the file's SHA-256); weights that fail the
/// hash are moved to quarantine/. Otherwise the teacher is trained exactly as that cell would be
/// (same seeds) and kept in memory only: weights/ holds only what a cell's own run wrote and
/// recorded. A teacher is freed when no remaining cell can use it; one that fails to train is freed at once.
/// </summary>
/// <param name="message">Told when cached weights fail verification.</param>
public sealed class TeacherCache(PluginRuntime runtime, ResultStore store, Action<string> message) : IDisposable
{
    private readonly Dictionary<string, (Module<Tensor, Tensor> Model, (string, string, string, ulong) Row)> _teachers = [];

    public Module<Tensor, Tensor> Get(Cell cell, DataSplits data, PluginScope plugins, IModel modelPlugin, ModelShape shape, TrainingSettings training, Device device, CancellationToken cancellation)
    {
        var crossEntropy = runtime.Value(PluginKind.Loss, new ConfigScalar("cross-entropy"), "teacher");
        var teacherCell = MatrixExpander.WithLoss(cell, crossEntropy);
        if (_teachers.TryGetValue(teacherCell.Id, out var cached)) return cached.Model;

        var teacher = PairedStart.Model(cell, modelPlugin, shape, device);
        try
        {
            if (VerifiedWeights(teacherCell) is { } weights)
            {
                CachedWeights.Load(teacher, weights, store.WeightsPath(teacherCell.Id));
                teacher.to(device);
            }
            else
            {
                using var order = PairedStart.DataOrder(cell);
                using var draws = PairedStart.Augmentation(cell);
                var outcome = new CellTrainer(training, device).Train(
                    new TrainingRequest(teacher, data.Train, shape.Classes, plugins.Get<ILoss>(crossEntropy), "cross-entropy (teacher)",
                        plugins.Get<IAugmentation>(cell.Augmentation), order, draws),
                    cancellation);
                if (outcome.Diverged) throw new InvalidOperationException($"the cross-entropy teacher diverged at step {outcome.DivergedAtStep}");
            }
        }
        catch
        {
            teacher.Dispose();
            throw;
        }
        teacher.eval();
        _teachers[teacherCell.Id] = (teacher, Row(cell));
        return teacher;
    }

    /// <summary>
    /// The teacher cell's cached weights when its own record, verified against its config, holds
    /// their SHA-256. Without such a record the file (if any) is left alone and not used: nothing
    /// vouches for it, and that cell's own run will replace it.
    /// </summary>
    private byte[]? VerifiedWeights(Cell teacherCell)
    {
        if (!File.Exists(store.WeightsPath(teacherCell.Id))) return null;
        if (store.Inspect(teacherCell.Id, teacherCell.Config) is not { Problem: null, Record: { FormatVersion: ResultFormat.Current, Training: { WeightsFile: not null } training } })
            return null;
        return CachedWeights.ReadVerified(store, teacherCell.Id, training, teacherCell.Label + " (teacher)", "training the teacher again", message);
    }

    public void Release(IEnumerable<Cell> remaining)
    {
        var needed = remaining.Select(Row).ToHashSet();
        foreach (var (id, (model, row)) in _teachers.ToArray())
        {
            if (needed.Contains(row)) continue;
            model.Dispose();
            _teachers.Remove(id);
        }
    }

    /// <summary>The cells one teacher serves: same data set, model, augmentation and seed.</summary>
    private static (string, string, string, ulong) Row(Cell cell) => (cell.Dataset.IdentityKey, cell.Model.IdentityKey, cell.Augmentation.IdentityKey, cell.Seed);

    public void Dispose()
    {
        foreach (var (model, _) in _teachers.Values) model.Dispose();
        _teachers.Clear();
    }
}
