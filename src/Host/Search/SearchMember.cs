namespace LossBench.Host.Search;

/// <summary>
/// One evaluated candidate, as saved in the search state: its index (order of evaluation), graph,
/// the sign the integrity check gave it, its `expr` formula (the sign included), fitness and how it came about.
/// </summary>
/// <param name="Parent">The index of the parent it was mutated from, or null for a random member of the initial population.</param>
/// <param name="Mutation">What the mutation changed ("function of node 6"), or null.</param>
public sealed record SearchMember(
    int Index,
    IReadOnlyList<LossGraphNode> Graph,
    int Sign,
    string Formula,
    int Size,
    double Fitness,
    FitnessStatus Status,
    double Seconds,
    int? Parent,
    string? Mutation,
    string? Message = null)
{
    public LossGraph ToGraph(SearchSpace space) => new(space, Graph);

    public bool Equals(SearchMember? other) =>
        other is not null && Index == other.Index && Graph.SequenceEqual(other.Graph) && Sign == other.Sign && Formula == other.Formula && Size == other.Size &&
        Fitness.Equals(other.Fitness) && Status == other.Status && Seconds.Equals(other.Seconds) && Parent == other.Parent && Mutation == other.Mutation && Message == other.Message;

    public override int GetHashCode() => HashCode.Combine(Index, Formula, Fitness);
}
