using System.Runtime.CompilerServices;
using LossBench.Torch;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>Evaluates an expression tree on tensors, elementwise with broadcasting; autograd differentiates the result.</summary>
public static class ExprCompiler
{
    /// <summary>
    /// The value of <paramref name="node"/> for the given variables (z, p, y and, when the formula reads it, b).
    /// It recurses over the tree: <see cref="ExprParser"/> bounds the depth of what it parses, and a
    /// tree built some other way that is too deep for the stack throws here instead of ending the process.
    /// </summary>
    public static Tensor Evaluate(ExprNode node, IReadOnlyDictionary<string, Tensor> variables)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return Value(node, variables);
    }

    private static Tensor Value(ExprNode node, IReadOnlyDictionary<string, Tensor> variables) => node switch
    {
        ExprVariable v => variables.TryGetValue(v.Name, out var value) ? value : throw new InvalidOperationException($"the variable {v.Name} has no value here"),
        ExprConstant c => torch.tensor(new[] { c.Value }, [], dtype: variables["z"].dtype, device: variables["z"].device),
        ExprCall { Arguments.Count: 1 } call => ExprFunctions.Unary[call.Function](Evaluate(call.Arguments[0], variables)),
        ExprCall { Arguments.Count: 2 } call => ExprFunctions.Binary[call.Function](Evaluate(call.Arguments[0], variables), Evaluate(call.Arguments[1], variables)),
        _ => throw new ArgumentException($"cannot evaluate {node}"),
    };
}
