using System.Collections.Concurrent;
using System.Diagnostics;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Host.Training;
using LossBench.Torch;

namespace LossBench.Host.Workers;

/// <summary>
/// The worker process of `run --jobs N` (`lossbench worker`): plans the benchmark exactly as the run
/// does, then computes the cells the run asks for, one at a time, with the same code as a sequential
/// run (<see cref="CellComputation"/>) and its own libtorch threads and global generator. It writes
/// each cell's record to the store and says so; the run holds the cells' claims. It stops after the
/// current step when asked, on Ctrl+C, or when its input ends (the run is gone).
/// </summary>
public sealed class CellWorker(PluginRuntime runtime, BenchmarkDefinition benchmark, string resultsRoot, int threads, string? device, TextWriter output, TextReader input)
{
    /// <summary>Fault injection for tests: a worker asked to compute the cell with this id kills itself (SIGKILL) first, as the OOM killer would.</summary>
    public const string KillVariable = "LOSSBENCH_FAULT_KILL_WORKER_AT";

    private readonly Lock _write = new();

    public int Run(CancellationToken interrupt)
    {
        torch.set_num_threads(threads);
        var resolved = BenchmarkRunner.ResolveDevice(device ?? benchmark.Device);
        var plan = MatrixExpander.Expand(benchmark, BenchmarkRunner.DeviceKind(resolved), runtime.Traits);
        var cells = plan.Cells.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var store = new ResultStore(Path.Combine(resultsRoot, benchmark.Name));
        var reporter = new Reporter(this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        var requests = new BlockingCollection<WorkerRequest>();
        var reader = new Thread(() => Read(requests, stop)) { IsBackground = true, Name = "worker input" };
        reader.Start();
        using var computation = new CellComputation(runtime, reporter, benchmark, store, resolved);
        Send(new WorkerEvent("ready"));
        foreach (var request in requests.GetConsumingEnumerable())
        {
            if (request.Run is not { } id) continue;
            if (!cells.TryGetValue(id, out var cell))
            {
                Send(new WorkerEvent("refused", id, $"the worker's plan of {benchmark.File} has no cell {id} (was the file or a plugin changed meanwhile?)"));
                continue;
            }
            if (Environment.GetEnvironmentVariable(KillVariable) == id) Process.GetCurrentProcess().Kill();
            var existing = request.Force ? null : Existing(store, cell);
            var keep = (request.Keep ?? []).Select(k => cells.GetValueOrDefault(k)).OfType<Cell>().ToArray();
            CellRecord record;
            try
            {
                record = computation.Compute(cell, existing, keep, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Send(new WorkerEvent("interrupted", id));
                return Cli.ExitCodes.Interrupted;
            }
            store.Write(record);
            Send(new WorkerEvent("finished", id));
        }
        // No cell was interrupted: the input ended, or a stop came while idle.
        return Cli.ExitCodes.Done;
    }

    /// <summary>The stored record the run found reusable (it verified and quarantined before asking): read again here, as the run read it.</summary>
    private static CellRecord? Existing(ResultStore store, Cell cell) =>
        store.Inspect(cell.Id, cell.Config) is { Problem: null, Record: { } record } && record.FormatVersion == ResultFormat.Current ? record : null;

    private void Read(BlockingCollection<WorkerRequest> requests, CancellationTokenSource stop)
    {
        try
        {
            while (input.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                var request = WorkerProtocol.ReadRequest(line);
                if (request is null) continue;
                if (request.Stop)
                {
                    stop.Cancel();
                    break;
                }
                requests.Add(request);
            }
            // Input ended: the run is done with this worker, or is gone (then its claims no longer protect the
            // cell being computed, so stopping it is right too).
            stop.Cancel();
        }
        catch (ObjectDisposedException) { }
        finally
        {
            requests.CompleteAdding();
        }
    }

    private void Send(WorkerEvent e)
    {
        lock (_write)
        {
            output.WriteLine(WorkerProtocol.Write(e));
            output.Flush();
        }
    }

    /// <summary>Passes progress and messages to the run as events.</summary>
    private sealed class Reporter(CellWorker worker) : IRunReporter
    {
        public void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected) { }
        public void CellStarted(Cell cell, int position, int count) { }
        public void CellFinished(Cell cell, CellRecord record, bool fromCache) { }

        public void TrainingProgress(Cell cell, TrainingProgressReport report) =>
            worker.Send(new WorkerEvent("progress", cell.Id, null, report.Epoch, report.Epochs, report.Step, report.TotalSteps, report.LastLoss));

        public void Message(string text) => worker.Send(new WorkerEvent("message", Text: text));
    }
}
