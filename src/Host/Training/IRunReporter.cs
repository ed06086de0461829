using LossBench.Host.Matrix;
using LossBench.Host.Results;

namespace LossBench.Host.Training;

/// <summary>Where a run reports progress: a live display on a terminal, plain lines in logs and CI.</summary>
public interface IRunReporter
{
    void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected);
    void CellStarted(Cell cell, int position, int count);
    void TrainingProgress(Cell cell, TrainingProgressReport report);
    void CellFinished(Cell cell, CellRecord record, bool fromCache);
    void Message(string text);
}
