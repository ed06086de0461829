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
/// <para>
/// Each cell is claimed before it is computed (<see cref="CellClaims"/>), so runs, shards and
/// workers sharing one results folder never compute one cell twice: a cell another live process
/// claimed is left to it. Cells are computed in this process (<see cref="CellComputation"/>), or
/// with `--jobs N` in N worker processes (<see cref="Workers.WorkerPool"/>), the claims held here.
/// </para>
/// </summary>
public sealed class BenchmarkRunner(PluginRuntime runtime, IRunReporter reporter)
{
    public RunSummary Run(BenchmarkDefinition benchmark, RunOptions options, CancellationToken cancellation)
    {
        // Worker processes report from the threads that read their output.
        if (options.Jobs > 1 && reporter is not Workers.SynchronizedRunReporter)
            return new BenchmarkRunner(runtime, new Workers.SynchronizedRunReporter(reporter)).Run(benchmark, options, cancellation);
        var clock = Stopwatch.StartNew();
        // threads: auto is one libtorch thread per logical core (libtorch's own default counts physical cores only).
        var threads = options.Threads ?? benchmark.Threads ?? Environment.ProcessorCount;
        torch.set_num_threads(threads);
        var device = ResolveDevice(options.Device ?? benchmark.Device);
        var plan = Plan(benchmark, DeviceKind(device));
        var selected = options.Shard.Take(plan.Cells.Where(options.Filter.Matches).Where(c => options.Select?.Invoke(c) ?? true).ToArray());
        reporter.Planned(plan, selected);

        var store = new ResultStore(Path.Combine(options.ResultsRoot, benchmark.Name));
        Directory.CreateDirectory(store.Directory);
        // Never another live run's files: temporary files of a cell go when its claim is taken, others only long abandoned.
        store.RemoveAbandonedTemporaryFiles(TimeSpan.FromHours(1));
        var planned = plan.Cells.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        QuarantineUnverified(store, planned);
        AtomicFile.WriteAllText(store.BenchmarkFile, System.Text.Json.JsonSerializer.Serialize(BenchmarkRecord.Of(benchmark, plan.Cells.Select(c => c.Id).ToArray()), ResultJson.Options) + "\n");

        var evaluator = new CellEvaluator(benchmark.Training, device);
        using var claims = new CellClaims(store, options.ClaimTimeout, reporter.Message);
        using var executor = options.Jobs > 1
            ? new Workers.WorkerPool(options.Workers ?? throw new ArgumentException("--jobs above 1 needs a way to start worker processes"), options.Jobs,
                store, reporter, (cell, message) => CellComputation.NewRecord(runtime, benchmark, EnvironmentProbe.Current(device.ToString()), cell, CellStatus.Failed) with { Message = message })
            : (ICellExecutor)new InProcessCellExecutor(new CellComputation(runtime, reporter, benchmark, store, device));
        int cached = 0, ok = 0, diverged = 0, failed = 0, elsewhere = 0;
        var cancelled = false;
        var running = new List<(Cell Cell, Task<CellOutcome> Outcome)>();

        // Stores what finished (the oldest first), or waits for one when every slot is busy.
        void Collect(bool waitForSlot, bool waitForAll)
        {
            while (running.Count > 0)
            {
                if (waitForAll || (waitForSlot && running.Count >= executor.Slots)) Task.WaitAny(running.Select(r => (Task)r.Outcome).ToArray());
                var done = running.Where(r => r.Outcome.IsCompleted).ToArray();
                if (done.Length == 0) return;
                foreach (var (cell, outcome) in done)
                {
                    running.Remove((cell, outcome));
                    var (record, written) = outcome.Result;
                    if (record is null)
                    {
                        cancelled = true;
                        reporter.Message($"stopped: {cell.Label} was interrupted and left unrecorded; rerun to resume");
                    }
                    else
                    {
                        if (!written) store.Write(record);
                        Count(record.Status, ref ok, ref diverged, ref failed);
                        reporter.CellFinished(cell, record, fromCache: false);
                    }
                    claims.Release(cell.Id);
                }
            }
        }

        for (var i = 0; i < selected.Count && !cancelled; i++)
        {
            if (cancellation.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var cell = selected[i];
            var existing = options.Force ? null : Reusable(store, cell);
            if (existing is not null && IsComplete(existing, benchmark, evaluator))
            {
                cached++;
                Count(existing.Status, ref ok, ref diverged, ref failed);
                reporter.CellFinished(cell, existing, fromCache: true);
                continue;
            }
            if (!claims.TryClaim(cell.Id, cell.Label, out var holder))
            {
                // Computed by another process into this folder (another run, shard or its workers): never twice.
                elsewhere++;
                reporter.Message($"{cell.Label}: left to {holder?.Describe() ?? "another process"}, which is computing it (claims/{cell.Id}{CellClaims.Extension})");
                continue;
            }
            if (!options.Force)
            {
                // Another process may have finished it between the check above and the claim.
                existing = Reusable(store, cell);
                if (existing is not null && IsComplete(existing, benchmark, evaluator))
                {
                    claims.Release(cell.Id);
                    cached++;
                    Count(existing.Status, ref ok, ref diverged, ref failed);
                    reporter.CellFinished(cell, existing, fromCache: true);
                    continue;
                }
            }
            store.RemoveTemporaryFilesOf(cell.Id);
            ClaimHold.AfterClaim(cell, cancellation);
            if (cancellation.IsCancellationRequested)
            {
                claims.Release(cell.Id);
                cancelled = true;
                break;
            }
            reporter.CellStarted(cell, i + 1, selected.Count);
            running.Add((cell, executor.Start(cell, existing, selected.Skip(i + 1).ToArray(), cancellation)));
            Collect(waitForSlot: true, waitForAll: false);
        }
        Collect(waitForSlot: false, waitForAll: true);
        if (elsewhere > 0)
            reporter.Message($"{elsewhere} cell(s) were left to the other processes that claimed them; `lossbench report` shows them once they finish");
        return new RunSummary(store, selected.Count, cached, ok, diverged, failed, cancelled, clock.Elapsed.TotalSeconds, elsewhere);
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

    /// <summary>Finished: diverged, or ok with every evaluation of this benchmark present at its current configuration.</summary>
    public static bool IsComplete(CellRecord record, BenchmarkDefinition benchmark, CellEvaluator evaluator) => record.Status switch
    {
        _ when record.FormatVersion != ResultFormat.Current => false,
        CellStatus.Diverged => true,
        CellStatus.Ok => benchmark.Evaluations.All(e => record.Evaluations.TryGetValue(e.Label, out var r) && r.ConfigHash == evaluator.ConfigHash(e)),
        _ => false,
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

}
