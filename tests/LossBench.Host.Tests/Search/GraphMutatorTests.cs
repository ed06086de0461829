using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

public sealed class GraphMutatorTests
{
    [Fact]
    public void Random_graphs_are_valid()
    {
        var random = new SearchRandom(11);
        for (var i = 0; i < 2000; i++) Assert.Null(GraphMutator.RandomGraph(ExprSpace.Space, random).Problem());
    }

    [Fact]
    public void Ten_thousand_mutations_give_valid_changed_graphs_with_the_published_kind_frequencies()
    {
        var random = new SearchRandom(2024);
        var graph = GraphMutator.RandomGraph(ExprSpace.Space, random);
        const int n = 10_000;
        var kinds = new Dictionary<MutationKind, int> { [MutationKind.Function] = 0, [MutationKind.Input] = 0, [MutationKind.Arity] = 0 };
        var swaps = 0;
        for (var i = 0; i < n; i++)
        {
            var mutation = GraphMutator.Mutate(graph, random);
            Assert.Null(mutation.Child.Problem());
            Assert.NotEqual(graph, mutation.Child);
            // Exactly the reported node changed, and it was active in the parent.
            Assert.Contains(mutation.NodeId, graph.ActiveIds());
            for (var id = LossGraph.LeafCount; id <= LossGraph.RootId; id++)
                if (id != mutation.NodeId) Assert.Equal(graph.Node(id), mutation.Child.Node(id));
            var before = graph.Node(mutation.NodeId);
            var after = mutation.Child.Node(mutation.NodeId);
            switch (mutation.Kind)
            {
                case MutationKind.Function:
                    Assert.Equal(before.Inputs, after.Inputs);
                    Assert.NotEqual(before.Function, after.Function);
                    break;
                case MutationKind.Input:
                    Assert.Equal(before.Function, after.Function);
                    if (mutation.Swapped)
                    {
                        swaps++;
                        Assert.Equal([before.Inputs[1], before.Inputs[0]], after.Inputs);
                    }
                    else
                    {
                        Assert.Equal(1, before.Inputs.Zip(after.Inputs).Count(pair => pair.First != pair.Second));
                    }
                    break;
                case MutationKind.Arity:
                    Assert.Equal(3 - before.Inputs.Count, after.Inputs.Count);
                    break;
            }
            kinds[mutation.Kind]++;
            graph = mutation.Child;
        }
        // Binomial(10000, p): sd = sqrt(n p (1 - p)); 4.5 sd either side.
        AssertBinomial(kinds[MutationKind.Function], n, 0.70);
        AssertBinomial(kinds[MutationKind.Input], n, 0.15);
        AssertBinomial(kinds[MutationKind.Arity], n, 0.15);
        // Of input changes, 20% swap the inputs of a binary node.
        AssertBinomial(swaps, kinds[MutationKind.Input], 0.20);
    }

    private static void AssertBinomial(int count, int n, double p)
    {
        var sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(count, n * p - 4.5 * sd, n * p + 4.5 * sd);
    }
}
