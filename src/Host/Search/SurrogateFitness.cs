using System.Diagnostics;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Host.Config;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Search;

/// <summary>
/// Scores a loss by a short training run with the host's own <see cref="CellTrainer"/>: the data set
/// is loaded once; its training split gives <c>steps x batch-size</c> training images (the front) and
/// <c>validation</c> held-out images (the back), so the search never sees the test split. Each run
/// builds the model afresh with initial weights, data order and augmentation draws from the run's
/// seed (see <see cref="SeedDerivation"/>), trains for the given epochs and returns the best
/// validation accuracy over epochs. Losses are built through the host's plugin runtime from loss
/// entries, so a candidate is an ordinary `expr` loss and the host references no plugin.
/// </summary>
public sealed class SurrogateFitness : ICandidateFitness, IDisposable
{
    private readonly PluginRuntime _runtime;
    private readonly PluginScope _plugins;
    private readonly SurrogateSettings _settings;
    private readonly IModel _model;
    private readonly IAugmentation _augmentation;
    private readonly AxisValue _augmentationValue;
    private readonly TensorDataset _train;
    private readonly TensorDataset _validation;
    private readonly ModelShape _shape;
    private readonly int _classes;
    private readonly Device _device;

    public SurrogateFitness(IServiceProvider services, SurrogateSettings settings, ConfigNode augmentation, ulong dataSeed, string baseDirectory, string where)
    {
        _runtime = services.GetRequiredService<PluginRuntime>();
        _plugins = _runtime.OpenScope();
        _settings = settings;
        _device = BenchmarkRunner.ResolveDevice(settings.Device);
        var dataset = _plugins.Get<IDataset>(_runtime.Value(PluginKind.Dataset, settings.Dataset, $"{where}.dataset"));
        _model = _plugins.Get<IModel>(_runtime.Value(PluginKind.Model, settings.Model, $"{where}.model"));
        _augmentationValue = _runtime.Value(PluginKind.Augmentation, augmentation, $"{where}.augmentations");
        _augmentation = _plugins.Get<IAugmentation>(_augmentationValue);
        var info = dataset.Info;
        _shape = new ModelShape(info.Channels, info.Height, info.Width, info.Classes);
        _classes = info.Classes;
        using var loaded = DatasetLoading.Load(dataset, new DataContext(dataSeed, baseDirectory));
        var trainCount = (long)settings.Steps * settings.BatchSize;
        var available = loaded.Train.Count;
        if (trainCount + settings.Validation > available)
        {
            throw new ArgumentException($"{where}: steps x batch-size ({settings.Steps} x {settings.BatchSize} = {trainCount}) training images plus " +
                $"{settings.Validation} validation images are more than the {available} images of the data set's training split; lower steps, batch-size or validation, or give the data set more training images");
        }
        _train = CopyOfRows(loaded.Train, 0, trainCount);
        _validation = CopyOfRows(loaded.Train, available - settings.Validation, settings.Validation);
    }

    /// <summary>
    /// Rows [start, start + count) of <paramref name="split"/>, copied. The narrowed views are disposed
    /// at once: no dispose scope is open here, and a view left to the finalizer keeps the whole loaded
    /// split's storage alive (for the search's whole run, which allocates too little managed memory to
    /// collect it).
    /// </summary>
    private static TensorDataset CopyOfRows(TensorDataset split, long start, long count)
    {
        using var images = split.Images.narrow(0, start, count);
        using var labels = split.Labels.narrow(0, start, count);
        return new TensorDataset(images.clone(), labels.clone());
    }

    public FitnessResult Evaluate(ConfigNode loss, ulong seed, double? gate, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var candidate = _runtime.OpenScope();
        AxisValue value;
        ILoss built;
        try
        {
            value = _runtime.Value(PluginKind.Loss, loss, "search.loss");
            built = candidate.Get<ILoss>(value);
        }
        catch (Exception e) when (e is OptionsBindingException or PluginResolutionException or ArgumentException or PluginConstructionException)
        {
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, e.Message);
        }
        var traits = _runtime.Traits.Loss(value.Plugin, value.BoundOptions);
        if (traits.NeedsBiasModel || traits.NeedsTeacher)
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, "the surrogate run cannot give a loss a bias model or a teacher");
        if (traits.HardLabelsOnly && _runtime.Traits.Augmentation(_augmentationValue.Plugin, _augmentationValue.BoundOptions).MixesTargets)
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, $"the loss takes hard labels only and {_augmentationValue.Label} mixes them");

        torch.manual_seed(SeedDerivation.Derive("search-init", seed));
        using var model = _model.Create(_shape);
        model.to(_device);
        using var dataOrder = new Generator(SeedDerivation.Derive("search-data-order", seed));
        using var augmentationDraws = new Generator(SeedDerivation.Derive("search-augmentation", seed));
        var trainer = new CellTrainer(_settings.Training, _device);
        // Every run is wrapped, gated or not, so each one reports its training accuracy at the gate epoch.
        var gated = new GatedLoss(built, gate, _settings.GateEpochs);
        try
        {
            var outcome = trainer.Train(
                new TrainingRequest(model, _train, _classes, gated, value.Label, _augmentation, dataOrder, augmentationDraws) { HeldOut = _validation },
                cancellation);
            if (outcome.Diverged)
                return new FitnessResult(0, FitnessStatus.Diverged, clock.Elapsed.TotalSeconds, $"the loss became NaN or infinite at step {outcome.DivergedAtStep}", gated.Accuracy);
            return new FitnessResult(outcome.Epochs.Max(e => e.TestAccuracy!.Value), FitnessStatus.Ok, clock.Elapsed.TotalSeconds, GateAccuracy: gated.Accuracy);
        }
        catch (GateClosedException e)
        {
            return new FitnessResult(0, FitnessStatus.Gated, clock.Elapsed.TotalSeconds, e.Message, e.Accuracy);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A candidate that breaks (a libtorch error, a plugin that throws) is a failed candidate, not a failed search.
            return new FitnessResult(0, FitnessStatus.Failed, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
        _plugins.Dispose();
    }
}
