using LossBench.Torch;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>One row of <see cref="ExprFunctions.All"/>: a function's name, arity, infix symbol (or null) and value.</summary>
/// <param name="Unary">The value of a function of one argument, or null.</param>
/// <param name="Binary">The value of a function of two arguments, or null.</param>
public sealed record ExprFunction(string Name, int Arity, string? Operator, Func<Tensor, Tensor>? Unary, Func<Tensor, Tensor, Tensor>? Binary);
