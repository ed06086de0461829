namespace LossBench.Host.Search;

/// <summary>What a mutation changed in one active node.</summary>
public enum MutationKind
{
    /// <summary>Another function of the same arity (probability 0.70).</summary>
    Function,

    /// <summary>One input re-pointed at another earlier node, or (for a binary node, 20% of the time) the two inputs swapped (0.15).</summary>
    Input,

    /// <summary>Unary became binary (a second input added) or binary became unary (one input dropped), with a new function (0.15).</summary>
    Arity,
}
