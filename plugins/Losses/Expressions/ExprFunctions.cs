using LossBench.Torch;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// The functions an expression may use, with the protections of the loss-search literature
/// (logs and divisions offset by 1e-7, square roots of |x|), so that any expression stays finite
/// wherever its protected operations are defined. This table is the only definition of them: the
/// parser, the printer, the evaluator and the language the host's loss search gets
/// (<see cref="ExprLanguage"/>) all read it.
/// </summary>
public static class ExprFunctions
{
    private const double Tiny = 1e-7;

    /// <summary>
    /// Every function, the unary ones first. The order is the one the loss search draws from (see
    /// <see cref="Sdk.Expressions.IExpressionLanguage.Functions"/>): append new functions at the end of their group.
    /// </summary>
    public static IReadOnlyList<ExprFunction> All { get; } =
    [
        U("neg", x => x.neg()),
        U("log", x => (x.abs() + Tiny).log()),            // ln(|x| + 1e-7)
        U("log10", x => (x.abs() + Tiny).log10()),        // log10(|x| + 1e-7), protected as log is
        U("exp", x => x.exp()),
        U("abs", x => x.abs()),
        U("sigmoid", x => x.sigmoid()),
        U("recip1p_abs", x => (x.abs() + 1).reciprocal()), // 1 / (1 + |x|)
        U("softplus", x => ((x.exp() + 1).abs() + Tiny).log()), // ln(|1 + e^x| + 1e-7)
        U("erf", x => x.erf()),
        U("erfc", x => x.erfc()),
        U("sin", x => x.sin()),
        U("sinh", x => x.sinh()),
        U("asinh", x => x.asinh()),
        U("tanh", x => x.tanh()),
        U("atan", x => x.atan()),
        U("reciprocal", x => (x + Tiny).reciprocal()),    // 1 / (x + 1e-7)
        U("bessel_i0", x => torch.special.i0(x)),
        U("bessel_i0e", x => torch.special.i0e(x)),
        U("bessel_i1", x => torch.special.i1(x)),
        U("bessel_i1e", x => torch.special.i1e(x)),
        U("relu", x => x.relu()),                         // max(x, 0)
        U("min0", x => x.clamp_max(0)),                   // min(x, 0)
        U("square", x => x.square()),
        U("sqrt", x => x.abs().sqrt()),                   // sqrt(|x|)
        U("softsign", x => x / (x.abs() + 1)),
        U("dtanh", x => 1 - x.tanh().square()),           // 1 - tanh^2
        U("dsigmoid", x => x.sigmoid() * (1 - x.sigmoid())),

        B("add", (a, b) => a + b, "+"),
        B("sub", (a, b) => a - b, "-"),
        B("mul", (a, b) => a * b, "*"),
        B("div", (a, b) => a / b, "/"),
        B("max", (a, b) => torch.maximum(a, b)),
        B("min", (a, b) => torch.minimum(a, b)),
        B("safe_div", (a, b) => a / (b + Tiny)),          // a / (b + 1e-7)
        B("div_sqrt", (a, b) => a / (b.square() + 1).sqrt()), // a / sqrt(1 + b^2)
    ];

    private static readonly Dictionary<string, ExprFunction> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, Func<Tensor, Tensor>> Unary { get; } =
        All.Where(f => f.Arity == 1).ToDictionary(f => f.Name, f => f.Unary!, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, Func<Tensor, Tensor, Tensor>> Binary { get; } =
        All.Where(f => f.Arity == 2).ToDictionary(f => f.Name, f => f.Binary!, StringComparer.Ordinal);

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public static ExprFunction? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Names a formula may call (operators are written as symbols).</summary>
    public static IEnumerable<string> CallableNames => All.Where(f => f.Operator is null).Select(f => f.Name).Order(StringComparer.Ordinal);

    /// <summary>An application in the canonical printed form: <c>(a + b)</c> for an operator, <c>f(a, b)</c> otherwise.</summary>
    public static string Format(string function, IReadOnlyList<string> arguments) =>
        Find(function)?.Operator is { } symbol && arguments.Count == 2
            ? $"({arguments[0]} {symbol} {arguments[1]})"
            : $"{function}({string.Join(", ", arguments)})";

    private static ExprFunction U(string name, Func<Tensor, Tensor> f) => new(name, 1, null, f, null);

    private static ExprFunction B(string name, Func<Tensor, Tensor, Tensor> f, string? symbol = null) => new(name, 2, symbol, null, f);
}
