using LossBench.Host.Config;
using LossBench.Host.Evaluation;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Computes one cell at a time in this process: train it (or load its verified cached weights) and
/// evaluate it, giving the record to store. The same code runs a sequential `run` and each worker
/// process of `run --jobs N`, so a cell's numbers do not depend on where it ran (only on the
/// libtorch threads, which are part of the recorded environment). Data sets, bias models and
/// teachers are kept between cells while a remaining cell needs them.
/// </summary>
public sealed class CellComputation : IDisposable
{
    private readonly PluginRuntime runtime;
    private readonly IRunReporter reporter;
    private readonly BenchmarkDefinition benchmark;
    private readonly ResultStore store;
    private readonly Device device;
    private readonly CellEvaluator evaluator;
    private readonly EnvironmentRecord environment;
    private readonly CellResources resources;

    public CellComputation(PluginRuntime runtime, IRunReporter reporter, BenchmarkDefinition benchmark, ResultStore store, Device device)
    {
        this.runtime = runtime;
        this.reporter = reporter;
        this.benchmark = benchmark;
        this.store = store;
        this.device = device;
        evaluator = new CellEvaluator(benchmark.Training, device);
        environment = EnvironmentProbe.Current(device.ToString());
        resources = new CellResources(runtime, store, Path.GetDirectoryName(benchmark.File) ?? ".", benchmark.Training, device, reporter.Message);
    }

    public CellEvaluator Evaluator => evaluator;

    /// <summary>
    /// The record of <paramref name="cell"/>, computed now (reusing what <paramref name="existing"/>
    /// holds and verifies); a cell that throws gets a failed record. Ctrl+C (the token) throws
    /// <see cref="OperationCanceledException"/>: an interrupted cell has no record.
    /// </summary>
    public CellRecord Compute(Cell cell, CellRecord? existing, IEnumerable<Cell> remaining, CancellationToken cancellation)
    {
        try
        {
            return Train(cell, existing, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Record(cell, CellStatus.Failed) with { Message = Describe(e) };
        }
        finally
        {
            resources.Release(remaining);
            // A cell leaves managed garbage behind (records, curves, the scopes' lists), and the run
            // allocates too slowly for the collector to reach the oldest generation on its own: the
            // committed managed heap grew from 1.5 to 21 MB over the 15 cells of the default
            // benchmark, under every later cell's peak. One full collection per cell (about 2 MB
            // survives it) keeps it at about 5 MB.
            GC.Collect();
        }
    }

    public void Dispose() => resources.Dispose();

    private CellRecord Train(Cell cell, CellRecord? existing, CancellationToken cancellation)
    {
        using var plugins = runtime.OpenScope();
        // Read once from the loss's options: what training needs and how evaluations turn logits into probabilities.
        var lossTraits = runtime.Traits.Loss(cell.Loss.Plugin, cell.Loss.BoundOptions);
        var datasetPlugin = plugins.Get<IDataset>(cell.Dataset);
        var splits = resources.Data(cell, datasetPlugin);
        var info = datasetPlugin.Info;
        var modelPlugin = plugins.Get<IModel>(cell.Model);
        var shape = new ModelShape(info.Channels, info.Height, info.Width, info.Classes);
        // Initial weights depend on (seed, dataset, model) only: every loss of a row starts from the same weights.
        using var model = PairedStart.Model(cell, modelPlugin, shape, device);

        var weightsPath = store.WeightsPath(cell.Id);
        TrainingRecord training;
        // Evaluations of the stored record are kept only when made on exactly the weights evaluated now.
        bool keepEvaluations;
        if (existing is { Status: CellStatus.Ok or CellStatus.Failed, Training.WeightsFile: not null }
            && CachedWeights.ReadVerified(store, cell.Id, existing.Training!, cell.Label, "retraining the cell", reporter.Message) is { } weights)
        {
            // Trained before (a new evaluation was added, or an evaluation failed): evaluate only.
            CachedWeights.Load(model, weights, weightsPath);
            model.to(device);
            training = existing.Training!;
            keepEvaluations = true;
        }
        else
        {
            using var dataOrder = PairedStart.DataOrder(cell);
            using var augmentationGenerator = PairedStart.Augmentation(cell);
            var bias = lossTraits.NeedsBiasModel ? resources.Bias(lossTraits.BiasModel, cell, splits, modelPlugin, shape, cancellation) : null;
            var teacher = lossTraits.NeedsTeacher ? resources.Teacher(cell, splits, plugins, modelPlugin, shape, cancellation) : null;
            // Building a bias model or a teacher draws from the global generator: the cell's own initial weights were drawn before, so they are unchanged.
            var outcome = new CellTrainer(benchmark.Training, device).Train(
                new TrainingRequest(model, splits.Train, info.Classes, plugins.Get<ILoss>(cell.Loss), cell.Loss.Label,
                    plugins.Get<IAugmentation>(cell.Augmentation), dataOrder, augmentationGenerator)
                {
                    LossTraits = lossTraits,
                    HeldOut = splits.Test,
                    Bias = bias,
                    Teacher = teacher,
                    Progress = report => reporter.TrainingProgress(cell, report),
                },
                cancellation);
            if (outcome.Diverged)
            {
                return Record(cell, CellStatus.Diverged) with
                {
                    DivergedAtStep = outcome.DivergedAtStep,
                    Message = $"the training loss became NaN or infinite at step {outcome.DivergedAtStep}",
                    Training = new TrainingRecord(outcome.Epochs, outcome.Steps, outcome.Seconds, null),
                };
            }
            model.save(weightsPath, new Dictionary<string, string> { ["cell"] = cell.Id });
            var sha256 = CachedWeights.Sha256OfFile(weightsPath);
            training = new TrainingRecord(outcome.Epochs, outcome.Steps, outcome.Seconds, ResultStore.RelativeWeightsPath(cell.Id)) { WeightsSha256 = sha256, Until = outcome.Until };
            // Retrained (its cached weights were missing or damaged): the record's evaluations stand only if
            // they were made on these very weights, which a bit-for-bit repeatable retraining gives back.
            keepEvaluations = existing?.Training?.WeightsSha256 == sha256;
        }

        var link = lossTraits.Link;
        var evaluations = new SortedDictionary<string, EvaluationRecord>(StringComparer.Ordinal);
        var problems = new List<string>();
        // A cell that missed training.until's target is evaluated (its numbers can be inspected) but
        // recorded as failed, so that tables compare only cells trained to the same accuracy.
        if (training.Until is { Reached: false } missed) problems.Add(missed.MissedMessage());
        // A reused evaluation keeps its per-example outcomes, read from the stored predictions file
        // only when it hashes to what the old record holds; an evaluation whose outcomes cannot be
        // read back is computed again (a damaged file is quarantined).
        var storedExamples = keepEvaluations && existing!.Evaluations.Values.Any(r => r.ExampleNames is { Count: > 0 })
            ? PredictionStore.ReadVerified(store, existing, cell.Label, "computing the evaluations that stored per-example outcomes again", reporter.Message)
            : null;
        foreach (var evaluation in benchmark.Evaluations)
        {
            cancellation.ThrowIfCancellationRequested();
            var hash = evaluator.ConfigHash(evaluation);
            // By identity, not label: the same evaluation spelled another way (clean, clean: { bins: 15 }) is reused under its new label.
            if (keepEvaluations && existing!.Evaluations.FirstOrDefault(r => r.Value.ConfigHash == hash) is { Value: { } previous, Key: var previousLabel })
            {
                if (previous.ExampleNames is not { Count: > 0 } names)
                {
                    evaluations[evaluation.Label] = previous;
                    continue;
                }
                if (storedExamples?.Evaluations.GetValueOrDefault(previousLabel) is { } stored && names.All(stored.ContainsKey))
                {
                    evaluations[evaluation.Label] = previous with { Examples = names.ToDictionary(n => n, n => stored[n], StringComparer.Ordinal) };
                    continue;
                }
            }
            try
            {
                evaluations[evaluation.Label] = evaluator.Evaluate(plugins, evaluation, cell, model, splits, link);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                problems.Add($"evaluation {evaluation.Label}: {Describe(e)}");
            }
        }
        // Written before the record that names its hash: a crash in between leaves a record whose hash
        // does not match, and the outcomes are then computed again, never read unverified.
        var examples = evaluations
            .Where(e => e.Value.Examples is { Count: > 0 })
            .ToDictionary(e => e.Key, e => e.Value.Examples!, StringComparer.Ordinal);
        var predictions = examples.Count == 0 ? null : PredictionStore.Write(store, cell.Id, examples);
        return Record(cell, problems.Count == 0 ? CellStatus.Ok : CellStatus.Failed) with
        {
            Message = problems.Count == 0 ? null : string.Join("; ", problems),
            Training = training,
            Evaluations = evaluations,
            Predictions = predictions,
        };
    }

    /// <summary>The loss's prediction link as recorded (kebab-case), so reports can name rows that are not softmax.</summary>
    private static string LinkName(PluginRuntime runtime, Cell cell) => KebabCase.From(runtime.Traits.Loss(cell.Loss.Plugin, cell.Loss.BoundOptions).Link.ToString());

    private CellRecord Record(Cell cell, CellStatus status) => NewRecord(runtime, benchmark, environment, cell, status);

    /// <summary>A record of <paramref name="cell"/> with what every record holds (identity, config, environment), to fill in.</summary>
    public static CellRecord NewRecord(PluginRuntime runtime, BenchmarkDefinition benchmark, EnvironmentRecord environment, Cell cell, CellStatus status) => new()
    {
        FormatVersion = ResultFormat.Current,
        Id = cell.Id,
        Benchmark = benchmark.Name,
        Dataset = cell.Dataset.Label,
        Model = cell.Model.Label,
        Loss = cell.Loss.Label,
        Augmentation = cell.Augmentation.Label,
        Seed = cell.Seed,
        Link = LinkName(runtime, cell),
        Status = status,
        Config = (System.Text.Json.Nodes.JsonObject)cell.Config.DeepClone(),
        Environment = environment,
    };

    internal static string Describe(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        return e is PluginContractException or PluginConstructionException ? e.Message : $"{e.GetType().Name}: {e.Message}";
    }
}
