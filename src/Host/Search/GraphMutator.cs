namespace LossBench.Host.Search;

/// <summary>
/// Random graphs and mutations of the search space. A mutation picks an active operation node and
/// changes its function (probability <see cref="FunctionProbability"/>), one input
/// (<see cref="InputProbability"/>; in <see cref="SwapShare"/> of these the two inputs of a binary
/// node are swapped instead) or its arity (the rest). The kind (and swap or not) is drawn first; node
/// and change are redrawn until the child is valid and differs from the parent (a function change
/// and a swap always succeed). Only
/// when a kind finds no valid change in <see cref="AttemptsPerKind"/> tries is the kind drawn again,
/// so the kinds keep their probabilities except for graphs where one is impossible.
/// </summary>
public static class GraphMutator
{
    public const double FunctionProbability = 0.70;
    public const double InputProbability = 0.15;
    public const double SwapShare = 0.20;
    public const int AttemptsPerKind = 100;

    /// <summary>A uniformly drawn graph (each node unary or binary with equal chance, uniform function and inputs), drawn again until valid.</summary>
    public static LossGraph RandomGraph(SearchSpace space, SearchRandom random)
    {
        while (true)
        {
            var operations = new LossGraphNode[LossGraph.OperationCount];
            for (var id = LossGraph.LeafCount; id <= LossGraph.RootId; id++)
            {
                var arity = random.NextDouble() < 0.5 ? 1 : 2;
                var function = random.Pick(space.OfArity(arity)).Name;
                var inputs = Enumerable.Range(0, arity).Select(_ => random.NextInt(id)).ToArray();
                operations[id - LossGraph.LeafCount] = new LossGraphNode(function, inputs);
            }
            var graph = new LossGraph(space, operations);
            if (graph.IsValid) return graph;
        }
    }

    public static Mutation Mutate(LossGraph parent, SearchRandom random)
    {
        if (parent.Problem() is { } problem) throw new ArgumentException($"cannot mutate an invalid graph: {problem}", nameof(parent));
        var active = parent.ActiveIds().Where(id => !LossGraph.IsLeaf(id)).ToArray();
        while (true)
        {
            var draw = random.NextDouble();
            var kind = draw < FunctionProbability ? MutationKind.Function : draw < FunctionProbability + InputProbability ? MutationKind.Input : MutationKind.Arity;
            var swap = kind == MutationKind.Input && random.NextDouble() < SwapShare;
            // A valid graph merges y and p somewhere, so it has an active binary node with two different inputs to swap.
            var candidates = swap ? active.Where(id => parent.Node(id).Inputs is [var a, var b] && a != b).ToArray() : active;
            for (var attempt = 0; attempt < AttemptsPerKind && candidates.Length > 0; attempt++)
            {
                var id = random.Pick(candidates);
                var node = parent.Node(id);
                LossGraphNode changed;
                switch (kind)
                {
                    case MutationKind.Function:
                        var others = parent.Space.OfArity(node.Inputs.Count).Where(f => f.Name != node.Function).ToArray();
                        changed = node with { Function = random.Pick(others).Name };
                        break;
                    case MutationKind.Input when swap:
                        changed = node with { Inputs = [node.Inputs[1], node.Inputs[0]] };
                        break;
                    case MutationKind.Input:
                        var slot = random.NextInt(node.Inputs.Count);
                        // Any earlier node but the current input: draw from id - 1 choices and skip over the current one.
                        var input = random.NextInt(id - 1);
                        if (input >= node.Inputs[slot]) input++;
                        var inputs = node.Inputs.ToArray();
                        inputs[slot] = input;
                        changed = node with { Inputs = inputs };
                        break;
                    default:
                        changed = node.Inputs.Count == 1
                            ? new LossGraphNode(random.Pick(parent.Space.Binary).Name, [node.Inputs[0], random.NextInt(id)])
                            : new LossGraphNode(random.Pick(parent.Space.Unary).Name, [node.Inputs[random.NextInt(2)]]);
                        break;
                }
                var child = parent.With(id, changed);
                if (child.IsValid && !child.Equals(parent)) return new Mutation(child, id, kind, swap);
            }
        }
    }
}
