using System.Diagnostics;
using System.Globalization;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;

namespace LossBench.Host.Workers;

/// <summary>
/// The worker processes of `run --jobs N`: up to N at once, each computing one cell at a time
/// (<see cref="CellWorker"/>). Processes, not threads, because libtorch's thread pools and global
/// generator belong to a process: a cell computed in a worker is bit for bit the cell of a sequential
/// run with the same threads. A worker that dies (SIGKILL, out of memory) fails only its cell, with a
/// message saying how it ended; the next cell gets a new worker, and a rerun retries the failed one.
/// Ctrl+C asks every worker to stop after its current step.
/// </summary>
public sealed class WorkerPool(WorkerLaunch launch, int jobs, ResultStore store, IRunReporter reporter,
    Func<Cell, string, CellRecord> failedRecord) : ICellExecutor
{
    private readonly ResultStore _store = store;
    private readonly IRunReporter _reporter = reporter;
    private readonly Func<Cell, string, CellRecord> _failedRecord = failedRecord;
    private readonly List<Worker> _workers = [];
    private readonly Lock _report = new();
    private int _started;

    public int Slots => jobs;

    public Task<CellOutcome> Start(Cell cell, CellRecord? existing, IReadOnlyList<Cell> remaining, CancellationToken cancellation)
    {
        _workers.RemoveAll(w => w.Ended);
        var worker = _workers.FirstOrDefault(w => w.Idle) ?? StartWorker(cancellation);
        var outcome = worker.Assign(cell, existing is null, remaining);
        Report(() => _reporter.Message($"worker {worker.Number} (pid {worker.Pid}): {cell.Label}"));
        return outcome;
    }

    private Worker StartWorker(CancellationToken cancellation)
    {
        var process = Process.Start(launch.StartInfo()) ?? throw new InvalidOperationException("a worker process could not be started");
        var worker = new Worker(this, process, ++_started);
        worker.Listen(cancellation);
        _workers.Add(worker);
        return worker;
    }

    private void Report(Action action)
    {
        lock (_report) action();
    }

    /// <summary>Ends every worker: its input is closed (it stops after its current step), then it is waited for.</summary>
    public void Dispose()
    {
        foreach (var worker in _workers) worker.CloseInput();
        foreach (var worker in _workers) worker.WaitAndDispose();
    }

    private sealed class Worker(WorkerPool pool, Process process, int number)
    {
        private readonly Lock _lock = new();
        private (Cell Cell, TaskCompletionSource<CellOutcome> Outcome)? _current;
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _ended;

        public int Number => number;
        public int Pid { get; } = process.Id;

        public bool Ended
        {
            get { lock (_lock) return _ended; }
        }

        public bool Idle
        {
            get { lock (_lock) return !_ended && _current is null; }
        }

        public void Listen(CancellationToken cancellation)
        {
            process.OutputDataReceived += (_, e) => OnOutput(e.Data);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line) pool.Report(() => pool._reporter.Message($"worker {number}: {line}"));
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            cancellation.Register(() => Send(new WorkerRequest(Stop: true)));
        }

        public Task<CellOutcome> Assign(Cell cell, bool force, IReadOnlyList<Cell> remaining)
        {
            var outcome = new TaskCompletionSource<CellOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (_ended)
                {
                    // It died before it got the cell (a start-up failure shows in its messages).
                    outcome.SetResult(new CellOutcome(pool._failedRecord(cell, $"worker {number} (pid {Pid}) ended before it could compute this cell; rerun to retry it"), Written: false));
                    return outcome.Task;
                }
                _current = (cell, outcome);
            }
            Send(new WorkerRequest(cell.Id, force, remaining.Select(c => c.Id).ToArray()));
            return outcome.Task;
        }

        private void Send(WorkerRequest request)
        {
            try
            {
                process.StandardInput.WriteLine(WorkerProtocol.Write(request));
                process.StandardInput.Flush();
            }
            // A worker that is gone already: its end is reported by its output closing.
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        }

        private void OnOutput(string? line)
        {
            if (line is null)
            {
                OnEnded();
                return;
            }
            WorkerEvent? e;
            try { e = WorkerProtocol.ReadEvent(line); }
            catch (System.Text.Json.JsonException) { e = null; }
            if (e is null)
            {
                if (line.Length > 0) pool.Report(() => pool._reporter.Message($"worker {number}: {line}"));
                return;
            }
            var current = Current(e.Cell);
            switch (e.Event)
            {
                case "progress" when current is { } c:
                    pool.Report(() => pool._reporter.TrainingProgress(c.Cell, new TrainingProgressReport(e.Epoch, e.Epochs, e.Step, e.TotalSteps, e.LastLoss)));
                    break;
                case "message":
                    pool.Report(() => pool._reporter.Message(e.Text ?? ""));
                    break;
                case "finished" when current is { } c:
                    Complete(c, Stored(c.Cell));
                    break;
                case "interrupted" when current is { } c:
                    Complete(c, new CellOutcome(null, Written: false));
                    break;
                case "refused" when current is { } c:
                    Complete(c, new CellOutcome(pool._failedRecord(c.Cell, e.Text ?? "the worker refused the cell"), Written: false));
                    break;
            }
        }

        /// <summary>The record the worker wrote, verified like any stored record before the run uses it.</summary>
        private CellOutcome Stored(Cell cell)
        {
            var file = pool._store.Inspect(cell.Id, cell.Config);
            return file is { Problem: null, Record: { } record }
                ? new CellOutcome(record, Written: true)
                : new CellOutcome(pool._failedRecord(cell, $"worker {number} reported the cell done, but its record {(file is null ? "is missing" : "does not verify: " + file.Problem)}"), Written: false);
        }

        private (Cell Cell, TaskCompletionSource<CellOutcome> Outcome)? Current(string? cellId)
        {
            lock (_lock) return _current is { } c && c.Cell.Id == cellId ? c : null;
        }

        private void Complete((Cell Cell, TaskCompletionSource<CellOutcome> Outcome) current, CellOutcome outcome)
        {
            lock (_lock)
            {
                if (_current?.Outcome != current.Outcome) return;
                _current = null;
            }
            current.Outcome.TrySetResult(outcome);
        }

        /// <summary>
        /// The worker's output closed: it has ended. A cell it was computing fails (or, after Ctrl+C, is
        /// left unrecorded). The wait for its exit code runs off this output handler: waiting for the
        /// process inside the handler also waits for its output to finish, that is for this very handler.
        /// </summary>
        private void OnEnded()
        {
            (Cell Cell, TaskCompletionSource<CellOutcome> Outcome)? current;
            lock (_lock)
            {
                _ended = true;
                current = _current;
                _current = null;
            }
            Task.Run(() => Finish(current));
        }

        private void Finish((Cell Cell, TaskCompletionSource<CellOutcome> Outcome)? current)
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                try { process.Kill(); }
                catch (InvalidOperationException) { }
                process.WaitForExit(TimeSpan.FromMinutes(1));
            }
            _exited.TrySetResult();
            if (current is not { } c) return;
            var code = process.ExitCode;
            if (code == Cli.ExitCodes.Interrupted)
            {
                c.Outcome.TrySetResult(new CellOutcome(null, Written: false));
                return;
            }
            var how = code > 128 ? string.Create(CultureInfo.InvariantCulture, $"was killed by signal {code - 128} (exit code {code}; SIGKILL is 9, also what the out-of-memory killer sends)")
                : string.Create(CultureInfo.InvariantCulture, $"ended with exit code {code}");
            c.Outcome.TrySetResult(new CellOutcome(pool._failedRecord(c.Cell, $"worker {number} (pid {Pid}) {how} while computing this cell; rerun to retry it"), Written: false));
        }

        public void CloseInput()
        {
            try { process.StandardInput.Close(); }
            catch (Exception e) when (e is IOException or InvalidOperationException) { }
        }

        public void WaitAndDispose()
        {
            // An idle worker ends as soon as its input closes; a busy one (Ctrl+C) stops after its current step.
            if (!_exited.Task.Wait(TimeSpan.FromMinutes(2)))
            {
                try { process.Kill(); }
                catch (InvalidOperationException) { }
                _exited.Task.Wait(TimeSpan.FromMinutes(1));
            }
            process.Dispose();
        }
    }
}
