namespace LossBench.Sdk.Expressions;

/// <summary>One function of an <see cref="IExpressionLanguage"/>.</summary>
/// <param name="Name">Its name; a formula calls it as <c>name(a)</c> or <c>name(a, b)</c> unless it has an <paramref name="Operator"/>.</param>
/// <param name="Arity">How many arguments it takes: 1 or 2.</param>
/// <param name="Operator">The infix symbol it is written with (<c>+</c> for add), or null when it is written as a call.</param>
public sealed record ExpressionFunction(string Name, int Arity, string? Operator = null);
