namespace LossBench.Host.Search;

/// <summary>
/// One operation a node of a <see cref="LossGraph"/> may apply: its name in the `expr` formula
/// language, its arity, and its value in doubles (for the integrity check, which runs without libtorch).
/// </summary>
/// <param name="Name">The `expr` name (add, sub, mul and div print as operators).</param>
/// <param name="Arity">1 or 2.</param>
/// <param name="Unary">The value of a unary function, or null.</param>
/// <param name="Binary">The value of a binary function, or null.</param>
public sealed record SearchFunction(string Name, int Arity, Func<double, double>? Unary, Func<double, double, double>? Binary)
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal) { ["add"] = "+", ["sub"] = "-", ["mul"] = "*", ["div"] = "/" };

    public double Apply(double a, double b = 0) => Arity == 1 ? Unary!(a) : Binary!(a, b);

    /// <summary>The application written as the `expr` plugin prints it (its canonical form): `(a + b)` for operators, `f(a, b)` otherwise.</summary>
    public string Format(IReadOnlyList<string> arguments) =>
        Arity == 2 && Operators.TryGetValue(Name, out var symbol) ? $"({arguments[0]} {symbol} {arguments[1]})" : $"{Name}({string.Join(", ", arguments)})";

    public override string ToString() => Name;
}
