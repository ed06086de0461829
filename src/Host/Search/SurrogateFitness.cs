using System.Diagnostics;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Sdk.Options;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Search;

/// <summary>
/// Scores a loss by a short training run with the host's own <see cref="CellTrainer"/>: the data set
/// is loaded once; its training split gives <c>steps x batch-size</c> training images (the front) and
/// <c>validation</c> held-out images (the back), so the search never sees the test split. Each run
/// builds the model afresh with initial weights, data order and augmentation draws from the run's
/// seed (see <see cref="SeedDerivation"/>), trains for the given epochs and returns the best
/// validation accuracy over epochs. Losses are built through the host's plugin factory from loss
/// entries, so a candidate is an ordinary `expr` loss and the host references no plugin.
/// </summary>
public sealed class SurrogateFitness : ICandidateFitness, IDisposable
{
    private readonly PluginFactory _factory;
    private readonly SurrogateSettings _settings;
    private readonly IModel _model;
    private readonly IAugmentation _augmentation;
    private readonly string _augmentationLabel;
    private readonly DataSplits _data;
    private readonly ModelShape _shape;
    private readonly int _classes;
    private readonly Device _device;

    public SurrogateFitness(IServiceProvider services, SurrogateSettings settings, ConfigNode augmentation, ulong dataSeed, string baseDirectory, string where)
    {
        _factory = services.GetRequiredService<PluginFactory>();
        _settings = settings;
        _device = BenchmarkRunner.ResolveDevice(settings.Device);
        var dataset = Build<IDataset>(settings.Dataset, $"{where}.dataset");
        _model = Build<IModel>(settings.Model, $"{where}.model");
        (_augmentationLabel, _) = PluginEntry.Split(augmentation, $"{where}.augmentations");
        _augmentation = Build<IAugmentation>(augmentation, $"{where}.augmentations");
        var info = dataset.Info;
        _shape = new ModelShape(info.Channels, info.Height, info.Width, info.Classes);
        _classes = info.Classes;
        using var loaded = dataset.Load(new DataContext(dataSeed, baseDirectory));
        var trainCount = (long)settings.Steps * settings.BatchSize;
        var available = loaded.Train.Count;
        if (trainCount + settings.Validation > available)
        {
            throw new ArgumentException($"{where}: steps x batch-size ({settings.Steps} x {settings.BatchSize} = {trainCount}) training images plus " +
                $"{settings.Validation} validation images are more than the {available} images of the data set's training split; lower steps, batch-size or validation, or give the data set more training images");
        }
        _data = new DataSplits(
            new TensorDataset(loaded.Train.Images.narrow(0, 0, trainCount).clone(), loaded.Train.Labels.narrow(0, 0, trainCount).clone()),
            new TensorDataset(loaded.Train.Images.narrow(0, available - settings.Validation, settings.Validation).clone(),
                loaded.Train.Labels.narrow(0, available - settings.Validation, settings.Validation).clone()));
    }

    public FitnessResult Evaluate(ConfigNode loss, ulong seed, bool gated, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        ILoss built;
        try
        {
            built = Build<ILoss>(loss, "search.loss");
        }
        catch (Exception e) when (e is OptionsBindingException or PluginResolutionException or ArgumentException)
        {
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, e.Message);
        }
        if (built.Traits.NeedsBiasModel || built.Traits.NeedsTeacher)
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, "the surrogate run cannot give a loss a bias model or a teacher");
        if (built.Traits.HardLabelsOnly && _augmentation.Traits.MixesTargets)
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, $"the loss takes hard labels only and {_augmentationLabel} mixes them");

        torch.manual_seed(SeedDerivation.Derive("search-init", seed));
        using var model = _model.Create(_shape);
        model.to(_device);
        using var dataOrder = new Generator(SeedDerivation.Derive("search-data-order", seed));
        using var augmentationDraws = new Generator(SeedDerivation.Derive("search-augmentation", seed));
        var trainer = new CellTrainer(_settings.Training, _device);
        try
        {
            var outcome = trainer.Train(model, _data, _classes, gated && _settings.Gate > 0 ? new GatedLoss(built, _settings.Gate, _settings.GateEpochs) : built, _augmentation,
                dataOrder, augmentationDraws, cancellation);
            if (outcome.Diverged)
                return new FitnessResult(0, FitnessStatus.Diverged, clock.Elapsed.TotalSeconds, $"the loss became NaN or infinite at step {outcome.DivergedAtStep}");
            return new FitnessResult(outcome.Epochs.Max(e => e.TestAccuracy), FitnessStatus.Ok, clock.Elapsed.TotalSeconds);
        }
        catch (GateClosedException e)
        {
            return new FitnessResult(0, FitnessStatus.Gated, clock.Elapsed.TotalSeconds, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A candidate that breaks (a libtorch error, a plugin that throws) is a failed candidate, not a failed search.
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private T Build<T>(ConfigNode entry, string path) where T : class
    {
        var (name, options) = PluginEntry.Split(entry, path);
        return _factory.Create<T>(name, options, $"{path}.{name}");
    }

    public void Dispose() => _data.Dispose();
}
