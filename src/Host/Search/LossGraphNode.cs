namespace LossBench.Host.Search;

/// <summary>
/// One operation node of a <see cref="LossGraph"/>: a function of the search space applied to one
/// or two earlier nodes, named by id (0 y, 1 p, 2 the constant 1, 3 the constant -1, then the hidden
/// nodes, the root last).
/// </summary>
public sealed record LossGraphNode(string Function, IReadOnlyList<int> Inputs)
{
    public bool Equals(LossGraphNode? other) => other is not null && Function == other.Function && Inputs.SequenceEqual(other.Inputs);

    public override int GetHashCode() => Inputs.Aggregate(Function.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
