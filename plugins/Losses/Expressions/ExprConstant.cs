using System.Globalization;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>A number.</summary>
public sealed record ExprConstant(double Value) : ExprNode
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    public override IEnumerable<string> Variables() => [];
}
