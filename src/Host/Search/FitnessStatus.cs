namespace LossBench.Host.Search;

/// <summary>How a surrogate training run ended.</summary>
public enum FitnessStatus
{
    Ok,

    /// <summary>Training accuracy stayed below the gate after the gate epochs: stopped early, fitness 0.</summary>
    Gated,

    /// <summary>The loss became NaN or infinite: fitness 0.</summary>
    Diverged,

    /// <summary>The run threw (e.g. the formula was refused): fitness 0, the message says why.</summary>
    Failed,
}
