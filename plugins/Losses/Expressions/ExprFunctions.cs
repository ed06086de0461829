using LossBench.Torch;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// The functions an expression may use, with the protections of the loss-search literature
/// (logs and divisions offset by 1e-7, square roots of |x|), so that any expression stays finite
/// wherever its protected operations are defined.
/// </summary>
public static class ExprFunctions
{
    private const double Tiny = 1e-7;

    public static IReadOnlyDictionary<string, Func<Tensor, Tensor>> Unary { get; } = new Dictionary<string, Func<Tensor, Tensor>>(StringComparer.Ordinal)
    {
        ["neg"] = x => x.neg(),
        ["log"] = x => (x.abs() + Tiny).log(),            // ln(|x| + 1e-7)
        ["log10"] = x => (x.abs() + Tiny).log10(),        // log10(|x| + 1e-7), protected as log is
        ["exp"] = x => x.exp(),
        ["abs"] = x => x.abs(),
        ["sigmoid"] = x => x.sigmoid(),
        ["recip1p_abs"] = x => (x.abs() + 1).reciprocal(), // 1 / (1 + |x|)
        ["softplus"] = x => ((x.exp() + 1).abs() + Tiny).log(), // ln(|1 + e^x| + 1e-7)
        ["erf"] = x => x.erf(),
        ["erfc"] = x => x.erfc(),
        ["sin"] = x => x.sin(),
        ["sinh"] = x => x.sinh(),
        ["asinh"] = x => x.asinh(),
        ["tanh"] = x => x.tanh(),
        ["atan"] = x => x.atan(),
        ["reciprocal"] = x => (x + Tiny).reciprocal(),    // 1 / (x + 1e-7)
        ["bessel_i0"] = x => torch.special.i0(x),
        ["bessel_i0e"] = x => torch.special.i0e(x),
        ["bessel_i1"] = x => torch.special.i1(x),
        ["bessel_i1e"] = x => torch.special.i1e(x),
        ["relu"] = x => x.relu(),                         // max(x, 0)
        ["min0"] = x => x.clamp_max(0),                   // min(x, 0)
        ["square"] = x => x.square(),
        ["sqrt"] = x => x.abs().sqrt(),                   // sqrt(|x|)
        ["softsign"] = x => x / (x.abs() + 1),
        ["dtanh"] = x => 1 - x.tanh().square(),           // 1 - tanh^2
        ["dsigmoid"] = x => x.sigmoid() * (1 - x.sigmoid()),
    };

    public static IReadOnlyDictionary<string, Func<Tensor, Tensor, Tensor>> Binary { get; } = new Dictionary<string, Func<Tensor, Tensor, Tensor>>(StringComparer.Ordinal)
    {
        ["add"] = (a, b) => a + b,
        ["sub"] = (a, b) => a - b,
        ["mul"] = (a, b) => a * b,
        ["div"] = (a, b) => a / b,
        ["max"] = (a, b) => torch.maximum(a, b),
        ["min"] = (a, b) => torch.minimum(a, b),
        ["safe_div"] = (a, b) => a / (b + Tiny),          // a / (b + 1e-7)
        ["div_sqrt"] = (a, b) => a / (b.square() + 1).sqrt(), // a / sqrt(1 + b^2)
    };

    /// <summary>Names a formula may call (operators are written as symbols).</summary>
    public static IEnumerable<string> CallableNames =>
        Unary.Keys.Concat(Binary.Keys.Where(k => k is not ("add" or "sub" or "mul" or "div"))).Order(StringComparer.Ordinal);
}
