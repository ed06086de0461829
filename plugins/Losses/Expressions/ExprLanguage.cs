using LossBench.Sdk.Expressions;
using LossBench.Torch;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// The `expr` plugin's formula language as the SDK contract (declared on <see cref="ExprLoss"/>), so
/// that the host's loss search draws, prints and evaluates exactly the functions the plugin trains
/// with: a view of <see cref="ExprFunctions"/>, never a copy of it.
/// </summary>
public sealed class ExprLanguage : IExpressionLanguage
{
    public IReadOnlyList<ExpressionFunction> Functions { get; } =
        ExprFunctions.All.Select(f => new ExpressionFunction(f.Name, f.Arity, f.Operator)).ToArray();

    public string Format(string function, IReadOnlyList<string> arguments)
    {
        Check(function, arguments.Count);
        return ExprFunctions.Format(function, arguments);
    }

    public Tensor Apply(string function, IReadOnlyList<Tensor> arguments) =>
        Check(function, arguments.Count) is { Arity: 1 } f ? f.Unary!(arguments[0]) : ExprFunctions.Find(function)!.Binary!(arguments[0], arguments[1]);

    private static ExprFunction Check(string function, int count)
    {
        var found = ExprFunctions.Find(function)
                    ?? throw new ArgumentException($"'{function}' is not a function of the expr language; the functions are {string.Join(", ", ExprFunctions.All.Select(f => f.Name))}", nameof(function));
        if (count != found.Arity)
            throw new ArgumentException($"{function} takes {found.Arity} argument{(found.Arity == 1 ? "" : "s")}, got {count}", nameof(function));
        return found;
    }
}
