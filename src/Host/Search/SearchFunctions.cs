using MathNet.Numerics;

namespace LossBench.Host.Search;

/// <summary>
/// The operations of the search space: the unary functions and binary operators of the `expr` loss
/// plugin, with the same protections (logs and divisions offset by 1e-7, square roots of |x|), here in
/// doubles. The host cannot reference the plugin, so the list is repeated; a test evaluates random
/// graphs both here and through the `expr` plugin and compares them, so the two cannot drift apart
/// unnoticed.
/// </summary>
public static class SearchFunctions
{
    private const double Tiny = 1e-7;

    public static IReadOnlyList<SearchFunction> Unary { get; } =
    [
        U("neg", x => -x),
        U("log", x => Math.Log(Math.Abs(x) + Tiny)),
        U("log10", x => Math.Log10(Math.Abs(x) + Tiny)),
        U("exp", Math.Exp),
        U("abs", Math.Abs),
        U("sigmoid", Sigmoid),
        U("recip1p_abs", x => 1 / (1 + Math.Abs(x))),
        U("softplus", x => Math.Log(Math.Abs(Math.Exp(x) + 1) + Tiny)),
        U("erf", SpecialFunctions.Erf),
        U("erfc", SpecialFunctions.Erfc),
        U("sin", Math.Sin),
        U("sinh", Math.Sinh),
        U("asinh", Math.Asinh),
        U("tanh", Math.Tanh),
        U("atan", Math.Atan),
        U("reciprocal", x => 1 / (x + Tiny)),
        U("bessel_i0", SpecialFunctions.BesselI0),
        U("bessel_i0e", x => SpecialFunctions.BesselI0(x) * Math.Exp(-Math.Abs(x))),
        U("bessel_i1", SpecialFunctions.BesselI1),
        U("bessel_i1e", x => SpecialFunctions.BesselI1(x) * Math.Exp(-Math.Abs(x))),
        U("relu", x => Math.Max(x, 0)),
        U("min0", x => Math.Min(x, 0)),
        U("square", x => x * x),
        U("sqrt", x => Math.Sqrt(Math.Abs(x))),
        U("softsign", x => x / (Math.Abs(x) + 1)),
        U("dtanh", x => 1 - Math.Tanh(x) * Math.Tanh(x)),
        U("dsigmoid", x => Sigmoid(x) * (1 - Sigmoid(x))),
    ];

    public static IReadOnlyList<SearchFunction> Binary { get; } =
    [
        B("add", (a, b) => a + b),
        B("sub", (a, b) => a - b),
        B("mul", (a, b) => a * b),
        B("div", (a, b) => a / b),
        B("max", Math.Max),
        B("min", Math.Min),
        B("safe_div", (a, b) => a / (b + Tiny)),
        B("div_sqrt", (a, b) => a / Math.Sqrt(b * b + 1)),
    ];

    public static IReadOnlyList<SearchFunction> OfArity(int arity) => arity switch
    {
        1 => Unary,
        2 => Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(arity), arity, "a node takes one or two inputs"),
    };

    private static readonly Dictionary<string, SearchFunction> ByName = Unary.Concat(Binary).ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static SearchFunction Find(string name) =>
        TryFind(name) ?? throw new ArgumentException($"'{name}' is not a search-space function", nameof(name));

    public static SearchFunction? TryFind(string name) => ByName.GetValueOrDefault(name);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static SearchFunction U(string name, Func<double, double> f) => new(name, 1, f, null);

    private static SearchFunction B(string name, Func<double, double, double> f) => new(name, 2, null, f);
}
