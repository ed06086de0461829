using LossBench.Host.Matrix;
using LossBench.Host.Results;

namespace LossBench.Host.Training;

/// <summary>Where a run's cells are computed: in the run's own process, or in worker processes (`run --jobs N`).</summary>
public interface ICellExecutor : IDisposable
{
    /// <summary>How many cells it computes at once.</summary>
    int Slots { get; }

    /// <summary>
    /// Starts computing <paramref name="cell"/> (at most <see cref="Slots"/> at a time); the task gives
    /// its outcome. <paramref name="remaining"/> are the cells still to come, so resources only they
    /// need are kept.
    /// </summary>
    Task<CellOutcome> Start(Cell cell, CellRecord? existing, IReadOnlyList<Cell> remaining, CancellationToken cancellation);
}

/// <summary>How a started cell ended: its record (null when Ctrl+C interrupted it), and whether that record is in the store already.</summary>
public sealed record CellOutcome(CellRecord? Record, bool Written);
