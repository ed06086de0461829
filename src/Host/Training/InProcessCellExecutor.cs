using LossBench.Host.Matrix;
using LossBench.Host.Results;

namespace LossBench.Host.Training;

/// <summary>Computes cells one at a time on the calling thread: a sequential run (`--jobs 1`, the default).</summary>
public sealed class InProcessCellExecutor(CellComputation computation) : ICellExecutor
{
    public int Slots => 1;

    public Task<CellOutcome> Start(Cell cell, CellRecord? existing, IReadOnlyList<Cell> remaining, CancellationToken cancellation)
    {
        try
        {
            return Task.FromResult(new CellOutcome(computation.Compute(cell, existing, remaining, cancellation), Written: false));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Task.FromResult(new CellOutcome(null, Written: false));
        }
    }

    public void Dispose() => computation.Dispose();
}
