using System.CommandLine;
using System.Globalization;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Host.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench plan [file]`: the expanded cells with their ids, which are finished, which need only
/// evaluations and which need training, the refused combinations with reasons, the results files it
/// ignores because they fail verification (which `run` would quarantine), and a rough cost
/// (optimizer steps, and seconds where earlier results of the same data set and model timed them).
/// Exit code 1 when a loss fails the dry run (it breaks the loss contract), else as every command (<see cref="ExitCodes"/>).
/// </summary>
public static class PlanCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var file = RunCommand.BenchmarkFileArgument();
        var outDirectory = RunCommand.OutOption();
        var filter = new Option<string[]>("--filter") { Description = "Only cells matching (as for run).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("plan", "Show the cells a run would train or reuse, and what it would cost.") { file, outDirectory, filter };
        command.SetAction(parse =>
        {
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            var runtime = services.GetRequiredService<PluginRuntime>();
            var benchmark = RunCommand.LoadBenchmark(parse.GetValue(file)!, services);
            var results = RunCommand.ResultsDirectory(parse.GetValue(outDirectory)!, benchmark);
            // plan writes nothing: an internal error's log goes into the results folder only when there is one already.
            if (Directory.Exists(results)) context.ResultsDirectory = results;
            var runner = new BenchmarkRunner(runtime, new PlainRunReporter(TextWriter.Null));
            var device = BenchmarkRunner.ResolveDevice(benchmark.Device);
            var plan = runner.Plan(benchmark, BenchmarkRunner.DeviceKind(device));
            var selected = plan.Cells.Where(CellFilter.Parse(parse.GetValue(filter) ?? []).Matches).ToArray();
            Write(benchmark, plan, selected, new ResultStore(results), runtime, output);
            // One batch of random logits through every loss: a loss that breaks its contract is caught before anything trains.
            var problems = LossDryRun.Check(runtime, benchmark);
            foreach (var problem in problems) error.WriteLine($"problem: {problem}");
            return problems.Count == 0 ? ExitCodes.Done : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Write(BenchmarkDefinition benchmark, MatrixPlan plan, IReadOnlyList<Cell> cells, ResultStore store, PluginRuntime runtime, TextWriter output)
    {
        // Only configuration hashes are needed here, never a device.
        var evaluator = new Evaluation.CellEvaluator(benchmark.Training, LossBench.Torch.Device.CPU);
        // Read-only: files that fail verification are listed, never moved (`run` moves them to quarantine/).
        var planned = plan.Cells.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Config);
        var files = store.InspectAll(planned.GetValueOrDefault);
        var ignored = files.Where(f => f.Problem is not null).Select(f => (File: store.Relative(f.Path), Reason: f.Problem!)).ToList();
        var earlier = files.Where(f => f.Problem is null).Select(f => f.Record!).ToArray();
        var byId = earlier.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var stepsPerCell = new Dictionary<string, long>();
        long trainSteps = 0;
        double knownSeconds = 0;
        int toTrain = 0, toEvaluate = 0, finished = 0;
        output.WriteLine($"benchmark {benchmark.Name} ({benchmark.File}): {cells.Count} cell(s), results in {store.Directory}");
        foreach (var cell in cells)
        {
            var record = byId.GetValueOrDefault(cell.Id);
            var complete = record is not null && BenchmarkRunner.IsComplete(record, benchmark, evaluator);
            var trained = !complete && Evaluable(record, store, cell.Id, ignored);
            string state;
            if (complete) { state = "done"; finished++; }
            else if (trained) { state = "evaluate"; toEvaluate++; }
            else
            {
                state = "train";
                toTrain++;
                var steps = StepsOf(cell, benchmark, runtime, stepsPerCell);
                trainSteps += steps;
                if (SecondsPerStep(earlier, cell) is { } perStep) knownSeconds += perStep * steps;
            }
            output.WriteLine($"  {cell.Id}  {state,-8}  {cell.Label}");
        }
        foreach (var refused in plan.Refused) output.WriteLine($"  refused             {refused.Label}: {refused.Reason}");
        foreach (var (file, reason) in ignored) output.WriteLine($"  ignored   {file}: {reason}");
        if (ignored.Count > 0)
            output.WriteLine($"{ignored.Count} file(s) ignored: `lossbench run` moves them to {store.Relative(store.QuarantineDirectory)}/ (with the reason) and computes their cells again");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{finished} done, {toEvaluate} to evaluate, {toTrain} to train: {trainSteps:N0} optimizer steps of batch {benchmark.Training.BatchSize}") +
            (knownSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $", about {knownSeconds:F0} s by earlier timings") : ""));
    }

    /// <summary>
    /// Whether `run` would only evaluate this cell: its record (of this format) names weights, and
    /// the weights file hashes to what the record holds. Weights that fail are added to
    /// <paramref name="ignored"/> (`run` would quarantine them and retrain).
    /// </summary>
    private static bool Evaluable(CellRecord? record, ResultStore store, string cellId, List<(string File, string Reason)> ignored)
    {
        if (record is not { FormatVersion: ResultFormat.Current, Status: CellStatus.Ok or CellStatus.Failed, Training: { WeightsFile: not null } training }) return false;
        var path = store.WeightsPath(cellId);
        if (!File.Exists(path)) return false;
        string sha256;
        try { sha256 = CachedWeights.Sha256OfFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ignored.Add((store.Relative(path), $"cannot be read: {e.Message}"));
            return false;
        }
        if (CachedWeights.Problem(training, sha256) is not { } problem) return true;
        ignored.Add((store.Relative(path), problem));
        return false;
    }

    /// <summary>Epochs x full batches of the training split (the data set is loaded once per identity to count it).</summary>
    private static long StepsOf(Cell cell, BenchmarkDefinition benchmark, PluginRuntime runtime, Dictionary<string, long> cache)
    {
        if (!cache.TryGetValue(cell.Dataset.IdentityKey, out var perEpoch))
        {
            using var plugins = runtime.OpenScope();
            using var data = new DatasetCache(Path.GetDirectoryName(benchmark.File) ?? ".");
            perEpoch = data.Get(cell, plugins.Get<LossBench.Sdk.Datasets.IDataset>(cell.Dataset)).Train.Count / benchmark.Training.BatchSize;
            cache[cell.Dataset.IdentityKey] = perEpoch;
        }
        return perEpoch * benchmark.Training.Epochs;
    }

    /// <summary>Seconds per step measured by finished cells with the same data set and model, if any.</summary>
    private static double? SecondsPerStep(IReadOnlyList<CellRecord> earlier, Cell cell)
    {
        var timed = earlier.Where(r => r.Dataset == cell.Dataset.Label && r.Model == cell.Model.Label && r.Training is { Steps: > 0 })
            .Select(r => r.Training!.Seconds / r.Training.Steps).ToArray();
        return timed.Length == 0 ? null : timed.Average();
    }
}
