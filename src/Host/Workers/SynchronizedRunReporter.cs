using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;

namespace LossBench.Host.Workers;

/// <summary>A reporter called from the run's thread and the threads reading its workers' output: one call at a time.</summary>
public sealed class SynchronizedRunReporter(IRunReporter inner) : IRunReporter
{
    private readonly Lock _lock = new();

    public void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected) { lock (_lock) inner.Planned(plan, selected); }
    public void CellStarted(Cell cell, int position, int count) { lock (_lock) inner.CellStarted(cell, position, count); }
    public void TrainingProgress(Cell cell, TrainingProgressReport report) { lock (_lock) inner.TrainingProgress(cell, report); }
    public void CellFinished(Cell cell, CellRecord record, bool fromCache) { lock (_lock) inner.CellFinished(cell, record, fromCache); }
    public void Message(string text) { lock (_lock) inner.Message(text); }
}
