using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Bias models built once per run for each (request, data set, model, seed): every debiasing loss
/// of a row trains against the same b, which keeps their comparison paired.
/// </summary>
public sealed class BiasModelCache : IDisposable
{
    private readonly Dictionary<(BiasModelRequest, string, string, ulong), BiasProbabilities> _built = [];

    public BiasProbabilities Get(BiasModelRequest request, Cell cell, DataSplits data, IModel modelPlugin, ModelShape shape,
        TrainingSettings training, Device device, CancellationToken cancellation)
    {
        var key = (request, cell.Dataset.Label, request.Source == BiasSource.Known ? "" : cell.Model.Label, cell.Seed);
        if (_built.TryGetValue(key, out var bias)) return bias;
        bias = request.Source == BiasSource.Known
            ? BiasProbabilities.Known(data.Train, shape.Classes)
            : BiasProbabilities.Shallow(request, cell, data.Train, modelPlugin, shape, training, device, cancellation);
        _built[key] = bias;
        return bias;
    }

    public void Dispose()
    {
        foreach (var bias in _built.Values) bias.Dispose();
        _built.Clear();
    }
}
