namespace LossBench.Plugins.Losses.Expressions;

/// <summary>A function of one or two arguments, or an operator (+ - * / as "add", "sub", "mul", "div"; unary minus as "neg").</summary>
public sealed record ExprCall(string Function, IReadOnlyList<ExprNode> Arguments) : ExprNode
{
    private static readonly Dictionary<string, string> Operators = new() { ["add"] = "+", ["sub"] = "-", ["mul"] = "*", ["div"] = "/" };

    public override string ToString() =>
        Operators.TryGetValue(Function, out var symbol) && Arguments.Count == 2
            ? $"({Arguments[0]} {symbol} {Arguments[1]})"
            : $"{Function}({string.Join(", ", Arguments)})";

    public override IEnumerable<string> Variables() => Arguments.SelectMany(a => a.Variables());

    public bool Equals(ExprCall? other) => other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => Arguments.Aggregate(Function.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
