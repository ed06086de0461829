using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Teachers for distillation losses (conf-reg): the cross-entropy model of the same cell and seed.
/// Its weights are the cached weights of that cell when they exist (weights/&lt;id&gt;.safetensors);
/// otherwise it is trained exactly as that cell would be (same seeds) and its weights are kept there.
/// </summary>
public sealed class TeacherCache(IServiceProvider services, ResultStore store) : IDisposable
{
    private readonly Dictionary<string, Module<Tensor, Tensor>> _teachers = [];

    public Module<Tensor, Tensor> Get(Cell cell, DataSplits data, IModel modelPlugin, ModelShape shape, TrainingSettings training, Device device, CancellationToken cancellation)
    {
        var catalog = (PluginCatalog)services.GetService(typeof(PluginCatalog))!;
        var descriptor = catalog.Find(PluginKind.Loss, "cross-entropy");
        var options = descriptor.OptionsType is null ? null : Activator.CreateInstance(descriptor.OptionsType);
        var teacherCell = MatrixExpander.WithLoss(cell, new AxisValue(descriptor, ConfigMapping.Empty, options, "cross-entropy", "teacher", null));
        if (_teachers.TryGetValue(teacherCell.Id, out var cached)) return cached;

        var teacher = PairedStart.Model(cell, modelPlugin, shape, device);
        var weights = store.WeightsPath(teacherCell.Id);
        if (File.Exists(weights))
        {
            teacher.load(weights);
            teacher.to(device);
        }
        else
        {
            var loss = (ILoss)PluginActivator.Create(services, descriptor, options);
            var augmentation = (IAugmentation)PluginActivator.Create(services, cell.Augmentation.Plugin, cell.Augmentation.BoundOptions);
            using var order = PairedStart.DataOrder(cell);
            using var draws = PairedStart.Augmentation(cell);
            var outcome = new CellTrainer(training, device).Train(teacher, data, shape.Classes, loss, augmentation, order, draws, cancellation);
            if (outcome.Diverged) throw new InvalidOperationException($"the cross-entropy teacher diverged at step {outcome.DivergedAtStep}");
            teacher.save(weights, new Dictionary<string, string> { ["cell"] = teacherCell.Id, ["role"] = "teacher" });
        }
        teacher.eval();
        _teachers[teacherCell.Id] = teacher;
        return teacher;
    }

    public void Dispose()
    {
        foreach (var teacher in _teachers.Values) teacher.Dispose();
        _teachers.Clear();
    }
}
