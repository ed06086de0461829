using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// What cells of a run share: loaded data sets, bias models and teachers, each built once and kept
/// only while a cell still to run needs it (<see cref="Release"/>), so memory follows what is left,
/// not everything the run has touched.
/// </summary>
/// <param name="message">Where to tell the user about cached files that failed verification.</param>
public sealed class CellResources(PluginRuntime runtime, ResultStore store, string baseDirectory, TrainingSettings training, Device device, Action<string>? message = null) : IDisposable
{
    private readonly DatasetCache _data = new(baseDirectory);
    private readonly BiasModelCache _biasModels = new();
    private readonly TeacherCache _teachers = new(runtime, store, message ?? (_ => { }));

    public DataSplits Data(Cell cell, IDataset plugin) => _data.Get(cell, plugin);

    public BiasProbabilities Bias(BiasModelRequest request, Cell cell, DataSplits data, IModel modelPlugin, ModelShape shape, CancellationToken cancellation) =>
        _biasModels.Get(request, cell, data, modelPlugin, shape, training, device, cancellation);

    public Module<Tensor, Tensor> Teacher(Cell cell, DataSplits data, PluginScope plugins, IModel modelPlugin, ModelShape shape, CancellationToken cancellation) =>
        _teachers.Get(cell, data, plugins, modelPlugin, shape, training, device, cancellation);

    /// <summary>Frees everything no cell of <paramref name="remaining"/> needs.</summary>
    public void Release(IEnumerable<Cell> remaining)
    {
        var cells = remaining as IReadOnlyCollection<Cell> ?? remaining.ToArray();
        _data.Release(cells);
        _biasModels.Release(cells);
        _teachers.Release(cells);
    }

    public void Dispose()
    {
        _teachers.Dispose();
        _biasModels.Dispose();
        _data.Dispose();
    }
}
