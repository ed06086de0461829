using LossBench.Torch;

namespace LossBench.Sdk.Expressions;

/// <summary>
/// The functions of a formula language for losses, as the plugin that reads the formulas defines
/// them: what exists, how many arguments each takes, how an application is written, and its value.
/// A plugin declares its language with <see cref="ExpressionLanguageAttribute"/>; the host's loss
/// search builds candidate formulas from it and trains them through that plugin, so the two can never
/// disagree about a function.
/// </summary>
public interface IExpressionLanguage
{
    /// <summary>
    /// Every function, each name once, in a fixed order. A seeded search draws functions by their
    /// position here, so the order is part of what makes a search repeatable: append new functions
    /// at the end.
    /// </summary>
    IReadOnlyList<ExpressionFunction> Functions { get; }

    /// <summary>
    /// <paramref name="function"/> applied to <paramref name="arguments"/> (formulas themselves) as
    /// the language writes it in its canonical form, the form it prints a parsed formula in.
    /// </summary>
    /// <exception cref="ArgumentException">Not a function of the language, or the wrong number of arguments.</exception>
    string Format(string function, IReadOnlyList<string> arguments);

    /// <summary>
    /// The value of <paramref name="function"/> elementwise over <paramref name="arguments"/>
    /// (broadcast), in their floating-point dtype and on their device, exactly as a formula computes
    /// it (protections included), and differentiable. The result belongs to the caller's dispose scope.
    /// </summary>
    /// <exception cref="ArgumentException">Not a function of the language, or the wrong number of arguments.</exception>
    Tensor Apply(string function, IReadOnlyList<Tensor> arguments);
}
