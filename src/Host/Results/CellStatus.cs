namespace LossBench.Host.Results;

public enum CellStatus
{
    /// <summary>Trained and every evaluation ran.</summary>
    Ok,
    /// <summary>The training loss became NaN or infinite; <see cref="CellRecord.DivergedAtStep"/> says when. Not retried.</summary>
    Diverged,
    /// <summary>Something threw; <see cref="CellRecord.Message"/> says what. Retried on the next run.</summary>
    Failed,
}
