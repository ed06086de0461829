using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Bias models built once per (request, data set, model, seed), by identity: every debiasing loss
/// of a row trains against the same b, which keeps their comparison paired. Freed when no remaining
/// cell can use them.
/// </summary>
public sealed class BiasModelCache : IDisposable
{
    private readonly Dictionary<(BiasModelRequest, string, string, ulong), BiasProbabilities> _built = [];

    public BiasProbabilities Get(BiasModelRequest request, Cell cell, DataSplits data, IModel modelPlugin, ModelShape shape,
        TrainingSettings training, Device device, CancellationToken cancellation)
    {
        var key = Key(request, cell);
        if (_built.TryGetValue(key, out var bias)) return bias;
        bias = request.Source == BiasSource.Known
            ? BiasProbabilities.Known(data.Train, shape.Classes)
            : BiasProbabilities.Shallow(request, cell, data.Train, modelPlugin, shape, training, device, cancellation);
        _built[key] = bias;
        return bias;
    }

    /// <summary>Frees the bias models of (data set, model, seed) that no remaining cell has.</summary>
    public void Release(IEnumerable<Cell> remaining)
    {
        var needed = remaining.Select(c => (c.Dataset.IdentityKey, c.Model.IdentityKey, c.Seed)).ToHashSet();
        foreach (var key in _built.Keys.ToArray())
        {
            var (request, dataset, model, seed) = key;
            var used = request.Source == BiasSource.Known
                ? needed.Any(n => n.Item1 == dataset && n.Item3 == seed)
                : needed.Contains((dataset, model, seed));
            if (used) continue;
            _built[key].Dispose();
            _built.Remove(key);
        }
    }

    private static (BiasModelRequest, string, string, ulong) Key(BiasModelRequest request, Cell cell) =>
        (request, cell.Dataset.IdentityKey, request.Source == BiasSource.Known ? "" : cell.Model.IdentityKey, cell.Seed);

    public void Dispose()
    {
        foreach (var bias in _built.Values) bias.Dispose();
        _built.Clear();
    }
}
