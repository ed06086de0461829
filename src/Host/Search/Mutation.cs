namespace LossBench.Host.Search;

/// <summary>The result of <see cref="GraphMutator.Mutate"/>: the child, which node changed, and how.</summary>
public sealed record Mutation(LossGraph Child, int NodeId, MutationKind Kind, bool Swapped);
