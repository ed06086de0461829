namespace LossBench.Plugins.Losses.Expressions;

/// <summary>A formula that does not parse; the message starts with the 1-based column.</summary>
public sealed class ExprParseException(int column, string problem) : Exception($"column {column}: {problem}")
{
    public int Column { get; } = column;
}
