using System.Globalization;
using LossBench.Sdk.Expressions;
using LossBench.Torch;

namespace LossBench.Host.Search;

/// <summary>
/// A candidate of the loss search (the space of Gonzalez and Miikkulainen's GLO and of the
/// per-augmentation study that followed it): four leaves (y, p, 1, -1), four hidden nodes and a root,
/// each applying one unary function to one earlier node or one binary operator to two. Inputs always
/// point at a lower id, so the graph is acyclic by construction. Only the nodes the root reaches
/// (the active graph) matter; a graph is valid when that active graph reads both y and p. The loss
/// is the root's value per class, summed over classes and averaged over the batch (what the `expr`
/// plugin computes from <see cref="Formula"/>). The functions, their printed form and their values all
/// come from the `expr` plugin's language (<see cref="SearchSpace"/>); values are computed through it
/// on float64 tensors.
/// </summary>
public sealed class LossGraph : IEquatable<LossGraph>
{
    public const int LeafCount = 4;
    public const int HiddenCount = 4;
    public const int OperationCount = HiddenCount + 1;
    public const int RootId = LeafCount + HiddenCount;
    public const int TargetLeaf = 0;
    public const int ProbabilityLeaf = 1;

    /// <summary>The grid of the two-class toy: x = (i + 0.5) / 1000, symmetric about 0.5 and inside (0, 1).</summary>
    public const int ToyPoints = 1000;

    public LossGraph(SearchSpace space, IReadOnlyList<LossGraphNode> operations)
    {
        if (operations.Count != OperationCount) throw new ArgumentException($"a loss graph has {OperationCount} operation nodes (4 hidden and a root), got {operations.Count}", nameof(operations));
        Space = space;
        Operations = operations.ToArray();
        _functions = Operations.Select(o => space.TryFind(o.Function)).ToArray();
    }

    /// <summary>The nodes' functions, looked up once (null for an unknown name, which <see cref="Problem"/> reports).</summary>
    private readonly ExpressionFunction?[] _functions;

    /// <summary>Where the nodes' functions come from.</summary>
    public SearchSpace Space { get; }

    /// <summary>The hidden nodes (ids 4 to 7) then the root (id 8).</summary>
    public IReadOnlyList<LossGraphNode> Operations { get; }

    public LossGraphNode Node(int id) => Operations[id - LeafCount];

    public static bool IsLeaf(int id) => id < LeafCount;

    public LossGraph With(int id, LossGraphNode node)
    {
        var operations = Operations.ToArray();
        operations[id - LeafCount] = node;
        return new LossGraph(Space, operations);
    }

    /// <summary>Ids the root reaches, the root included, in increasing order.</summary>
    public IReadOnlyList<int> ActiveIds()
    {
        var active = new bool[RootId + 1];
        active[RootId] = true;
        for (var id = RootId; id >= LeafCount; id--)
        {
            if (!active[id]) continue;
            foreach (var input in Node(id).Inputs) active[input] = true;
        }
        return Enumerable.Range(0, RootId + 1).Where(i => active[i]).ToArray();
    }

    /// <summary>Active operation nodes: the size shown on the leaderboard.</summary>
    public int Size => ActiveIds().Count(id => !IsLeaf(id));

    /// <summary>Null when the graph is well formed and its active part reads y and p, or else what is wrong.</summary>
    public string? Problem()
    {
        for (var id = LeafCount; id <= RootId; id++)
        {
            var node = Node(id);
            var function = _functions[id - LeafCount];
            if (function is null) return $"node {id} applies '{node.Function}', which is not a search-space function";
            if (node.Inputs.Count != function.Arity) return $"node {id} applies {node.Function} to {node.Inputs.Count} input(s), it takes {function.Arity}";
            if (node.Inputs.Any(input => input < 0 || input >= id)) return $"node {id} reads a node that is not before it ({string.Join(", ", node.Inputs)})";
        }
        var active = ActiveIds();
        if (!active.Contains(TargetLeaf)) return "the active graph does not read y";
        if (!active.Contains(ProbabilityLeaf)) return "the active graph does not read p";
        return null;
    }

    public bool IsValid => Problem() is null;

    /// <summary>The root as an `expr` formula in its canonical printed form (shared nodes are written out at each use).</summary>
    public string Formula() => Format(RootId);

    private string Format(int id)
    {
        if (IsLeaf(id)) return Space.LeafFormulas[id];
        var node = Node(id);
        return Space.Language.Format(Function(id).Name, node.Inputs.Select(Format).ToArray());
    }

    private ExpressionFunction Function(int id) =>
        _functions[id - LeafCount] ?? throw new InvalidOperationException($"node {id} applies '{Node(id).Function}', which is not a search-space function");

    /// <summary>
    /// The root's value, elementwise, for target probabilities <paramref name="y"/> and predicted
    /// probabilities <paramref name="p"/> (same shape, float64): each active node applied through the
    /// language, the constants as float64 scalars. The result belongs to the caller's dispose scope.
    /// </summary>
    public Tensor Evaluate(Tensor y, Tensor p)
    {
        var values = new Tensor[RootId + 1];
        values[0] = y;
        values[1] = p;
        values[2] = torch.tensor(1.0, y.dtype, y.device);
        values[3] = torch.tensor(-1.0, y.dtype, y.device);
        foreach (var id in ActiveIds().Where(id => !IsLeaf(id)))
            values[id] = Space.Language.Apply(Function(id).Name, Node(id).Inputs.Select(input => values[input]).ToArray());
        return values[RootId];
    }

    /// <summary>The root's value for one class with target probability y and predicted probability p.</summary>
    public double Evaluate(double y, double p)
    {
        using var scope = torch.NewDisposeScope();
        return Evaluate(torch.tensor([y]), torch.tensor([p])).to(ScalarType.Float64).item<double>();
    }

    /// <summary>x of the toy grid's point <paramref name="i"/>.</summary>
    public static double ToyX(int i) => (i + 0.5) / ToyPoints;

    /// <summary>
    /// The loss on the two-class toy: true class 1 (y = [0, 1]), predictions p = [x, 1 - x], so x is the
    /// probability given to the wrong class and a loss pointing the right way grows with x.
    /// </summary>
    public double[] ToyCurve()
    {
        // Both classes in one evaluation: y = 0, p = x for the wrong class, then y = 1, p = 1 - x for the right one.
        var targets = new double[2 * ToyPoints];
        var probabilities = new double[2 * ToyPoints];
        for (var i = 0; i < ToyPoints; i++)
        {
            var x = ToyX(i);
            probabilities[i] = x;
            targets[ToyPoints + i] = 1;
            probabilities[ToyPoints + i] = 1 - x;
        }
        double[] values;
        using (torch.NewDisposeScope())
        {
            var root = Evaluate(torch.tensor(targets), torch.tensor(probabilities));
            values = root.expand(2 * ToyPoints).to(ScalarType.Float64).contiguous().ToArray<double>();
        }
        var curve = new double[ToyPoints];
        for (var i = 0; i < ToyPoints; i++) curve[i] = values[i] + values[ToyPoints + i];
        return curve;
    }

    public bool Equals(LossGraph? other) => other is not null && Operations.SequenceEqual(other.Operations);

    public override bool Equals(object? obj) => Equals(obj as LossGraph);

    public override int GetHashCode() => Operations.Aggregate(0, HashCode.Combine);

    public override string ToString() => string.Join("; ", Enumerable.Range(LeafCount, OperationCount)
        .Select(id => $"{id.ToString(CultureInfo.InvariantCulture)}={Node(id).Function}({string.Join(",", Node(id).Inputs)})"));
}
