using System.Diagnostics;
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
/// Runs a benchmark's cells: for each, reuse its finished result, or evaluate cached weights with
/// the evaluations it lacks, or train it and evaluate it. Records are verified before any use and
/// weights against the SHA-256 their record holds before any load; what fails is moved to
/// quarantine/ with the reason, and its cell computed again. A cell that throws is recorded as failed
/// and the run goes on; Ctrl+C (the token) stops after the current step and writes nothing for
/// the interrupted cell. Every file is written atomically, so a killed run resumes cleanly. Each
/// cell builds its plugins in its own scope (once per axis, disposed after the cell); data sets,
/// bias models and teachers are kept only while a remaining cell needs them.
/// </summary>
public sealed class BenchmarkRunner(PluginRuntime runtime, IRunReporter reporter)
{
    public RunSummary Run(BenchmarkDefinition benchmark, RunOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        // threads: auto is one libtorch thread per logical core (libtorch's own default counts physical cores only).
        torch.set_num_threads(options.Threads ?? benchmark.Threads ?? Environment.ProcessorCount);
        var device = ResolveDevice(options.Device ?? benchmark.Device);
        var plan = Plan(benchmark, DeviceKind(device));
        var selected = options.Shard.Take(plan.Cells.Where(options.Filter.Matches).ToArray());
        reporter.Planned(plan, selected);

        var store = new ResultStore(Path.Combine(options.ResultsRoot, benchmark.Name));
        Directory.CreateDirectory(store.Directory);
        store.RemoveStaleTemporaryFiles();
        var planned = plan.Cells.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        QuarantineUnverified(store, planned);
        AtomicFile.WriteAllText(store.BenchmarkFile, System.Text.Json.JsonSerializer.Serialize(BenchmarkRecord.Of(benchmark, plan.Cells.Select(c => c.Id).ToArray()), ResultJson.Options) + "\n");

        var environment = EnvironmentProbe.Current(device.ToString());
        var evaluator = new CellEvaluator(benchmark.Training, device);
        using var resources = new CellResources(runtime, store, Path.GetDirectoryName(benchmark.File) ?? ".", benchmark.Training, device, reporter.Message);
        int cached = 0, ok = 0, diverged = 0, failed = 0;
        var cancelled = false;
        for (var i = 0; i < selected.Count; i++)
        {
            var cell = selected[i];
            var existing = options.Force ? null : Reusable(store, cell);
            if (existing is not null && IsComplete(existing, benchmark, evaluator))
            {
                cached++;
                Count(existing.Status, ref ok, ref diverged, ref failed);
                reporter.CellFinished(cell, existing, fromCache: true);
                continue;
            }
            reporter.CellStarted(cell, i + 1, selected.Count);
            CellRecord record;
            try
            {
                record = RunCell(cell, benchmark, existing, store, resources, evaluator, environment, device, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                cancelled = true;
                reporter.Message($"stopped: {cell.Label} was interrupted and left unrecorded; rerun to resume");
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                record = Record(cell, benchmark, environment, CellStatus.Failed) with { Message = Describe(e) };
            }
            finally
            {
                resources.Release(selected.Skip(i + 1));
            }
            store.Write(record);
            Count(record.Status, ref ok, ref diverged, ref failed);
            reporter.CellFinished(cell, record, fromCache: false);
        }
        return new RunSummary(store, selected.Count, cached, ok, diverged, failed, cancelled, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The cells of a benchmark, with pairings checked against the plugins' traits (read from their options; nothing is built).</summary>
    public MatrixPlan Plan(BenchmarkDefinition benchmark, string deviceKind) => MatrixExpander.Expand(benchmark, deviceKind, runtime.Traits);

    public static Device ResolveDevice(string device) =>
        device == "auto" ? (torch.cuda.is_available() ? torch.CUDA : torch.CPU) : torch.device(device);

    public static string DeviceKind(Device device) => device.Type == DeviceType.CUDA ? "cuda" : "cpu";

    /// <summary>
    /// Moves every file of cells/ that fails verification (does not parse, holds another cell's
    /// record, a config that does not hash to its id or is not the plan's) to quarantine/, telling
    /// the user which file and why: what is left there is what the run, and every later report, may use.
    /// </summary>
    private void QuarantineUnverified(ResultStore store, IReadOnlyDictionary<string, Cell> planned)
    {
        foreach (var file in store.InspectAll(id => planned.GetValueOrDefault(id)?.Config))
            if (file.Problem is not null)
                Quarantine(store, file, planned.GetValueOrDefault(file.CellId));
    }

    private void Quarantine(ResultStore store, CellFile file, Cell? cell)
    {
        var then = cell is null ? "" : $"; {cell.Label} is computed again";
        try
        {
            var moved = store.Quarantine(file.Path, file.Problem!);
            if (moved is not null) reporter.Message($"quarantined {store.Relative(file.Path)}: {file.Problem} (moved to {store.Relative(moved)}){then}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unusable all the same: the cell is computed again and its file replaced.
            reporter.Message($"{store.Relative(file.Path)} could not be moved to quarantine ({e.Message}): {file.Problem}{then}");
        }
    }

    /// <summary>
    /// The cell's stored record when a fresh run would give its numbers: verified to be this cell's
    /// (else quarantined), the same format (what ids and seeds mean) and the same configuration.
    /// </summary>
    private CellRecord? Reusable(ResultStore store, Cell cell)
    {
        var file = store.Inspect(cell.Id, cell.Config);
        if (file is null) return null;
        if (file.Problem is not null)
        {
            // Checked at the start of the run too; another shard may have written since.
            Quarantine(store, file, cell);
            return null;
        }
        var record = file.Record!;
        if (record.FormatVersion != ResultFormat.Current)
        {
            reporter.Message($"{cell.Label}: its stored result was written in results format {record.FormatVersion} (this LossBench writes {ResultFormat.Current}); rerunning it");
            return null;
        }
        return record;
    }

    private CellRecord RunCell(Cell cell, BenchmarkDefinition benchmark, CellRecord? existing, ResultStore store, CellResources resources,
        CellEvaluator evaluator, EnvironmentRecord environment, Device device, CancellationToken cancellation)
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
                return Record(cell, benchmark, environment, CellStatus.Diverged) with
                {
                    DivergedAtStep = outcome.DivergedAtStep,
                    Message = $"the training loss became NaN or infinite at step {outcome.DivergedAtStep}",
                    Training = new TrainingRecord(outcome.Epochs, outcome.Steps, outcome.Seconds, null),
                };
            }
            model.save(weightsPath, new Dictionary<string, string> { ["cell"] = cell.Id });
            var sha256 = CachedWeights.Sha256OfFile(weightsPath);
            training = new TrainingRecord(outcome.Epochs, outcome.Steps, outcome.Seconds, ResultStore.RelativeWeightsPath(cell.Id)) { WeightsSha256 = sha256 };
            // Retrained (its cached weights were missing or damaged): the record's evaluations stand only if
            // they were made on these very weights, which a bit-for-bit repeatable retraining gives back.
            keepEvaluations = existing?.Training?.WeightsSha256 == sha256;
        }

        var link = lossTraits.Link;
        var evaluations = new SortedDictionary<string, EvaluationRecord>(StringComparer.Ordinal);
        var problems = new List<string>();
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
        return Record(cell, benchmark, environment, problems.Count == 0 ? CellStatus.Ok : CellStatus.Failed) with
        {
            Message = problems.Count == 0 ? null : string.Join("; ", problems),
            Training = training,
            Evaluations = evaluations,
            Predictions = predictions,
        };
    }

    /// <summary>Finished: diverged, or ok with every evaluation of this benchmark present at its current configuration.</summary>
    public static bool IsComplete(CellRecord record, BenchmarkDefinition benchmark, CellEvaluator evaluator) => record.Status switch
    {
        _ when record.FormatVersion != ResultFormat.Current => false,
        CellStatus.Diverged => true,
        CellStatus.Ok => benchmark.Evaluations.All(e => record.Evaluations.TryGetValue(e.Label, out var r) && r.ConfigHash == evaluator.ConfigHash(e)),
        _ => false,
    };

    /// <summary>The loss's prediction link as recorded (kebab-case), so reports can name rows that are not softmax.</summary>
    private string LinkName(Cell cell) => KebabCase.From(runtime.Traits.Loss(cell.Loss.Plugin, cell.Loss.BoundOptions).Link.ToString());

    private CellRecord Record(Cell cell, BenchmarkDefinition benchmark, EnvironmentRecord environment, CellStatus status) => new()
    {
        FormatVersion = ResultFormat.Current,
        Id = cell.Id,
        Benchmark = benchmark.Name,
        Dataset = cell.Dataset.Label,
        Model = cell.Model.Label,
        Loss = cell.Loss.Label,
        Augmentation = cell.Augmentation.Label,
        Seed = cell.Seed,
        Link = LinkName(cell),
        Status = status,
        Config = (System.Text.Json.Nodes.JsonObject)cell.Config.DeepClone(),
        Environment = environment,
    };

    private static void Count(CellStatus status, ref int ok, ref int diverged, ref int failed)
    {
        switch (status)
        {
            case CellStatus.Ok: ok++; break;
            case CellStatus.Diverged: diverged++; break;
            default: failed++; break;
        }
    }

    private static string Describe(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        return e is PluginContractException or PluginConstructionException ? e.Message : $"{e.GetType().Name}: {e.Message}";
    }
}
