namespace LossBench.Plugins.Losses.Expressions;

/// <summary>A function of one or two arguments, or an operator (+ - * / as "add", "sub", "mul", "div"; unary minus as "neg").</summary>
public sealed record ExprCall(string Function, IReadOnlyList<ExprNode> Arguments) : ExprNode
{
    public override string ToString() => ExprFunctions.Format(Function, Arguments.Select(a => a.ToString()).ToArray());

    public override IEnumerable<string> Variables() => Arguments.SelectMany(a => a.Variables());

    public bool Equals(ExprCall? other) => other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => Arguments.Aggregate(Function.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
