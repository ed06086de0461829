using LossBench.Plugins.Losses.Expressions;
using LossBench.Sdk.Expressions;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// A loss written as a formula (see <see cref="ExprParser"/> and <see cref="ExprFunctions"/>),
/// evaluated per class and sample, summed (or, with reduction: mean, averaged) over classes and
/// averaged over the batch; autograd gives its gradient. `-y * log(p)` with the sum is cross-entropy
/// (up to the 1e-7 inside the protected log). A formula that reads b needs a bias model.
/// </summary>
[ExpressionLanguage(typeof(ExprLanguage))]
[Plugin("expr", Summary = "A loss written as a formula in y, p, z, b: per class, summed (reduction: sum, default) or averaged (mean) over classes, averaged over the batch")]
public sealed class ExprLoss : ILoss, IDeclaresLossTraits<ExprOptions>
{
    private readonly ExprNode _formula;
    private readonly ClassReduction _reduction;

    public ExprLoss(ExprOptions options)
    {
        _formula = ExprParser.Parse(options.Formula);
        _reduction = options.Reduction;
    }

    /// <summary>A formula that reads b needs a bias model (the options were validated, so the formula parses).</summary>
    public static LossTraits TraitsOf(ExprOptions options) =>
        new() { NeedsBiasModel = ExprParser.Parse(options.Formula).Variables().Contains("b") };

    /// <summary>The canonical printed form of the formula.</summary>
    public string Canonical => _formula.ToString();

    public Tensor Compute(LossInput input)
    {
        var z = input.Logits;
        LossShapes.Check("expr", z, input.TargetProbs);
        var variables = new Dictionary<string, Tensor>
        {
            ["z"] = z,
            ["p"] = torch.nn.functional.softmax(z, 1),
            ["y"] = input.TargetProbs.to(z.dtype),
        };
        if (input.BiasProbs is { } b) variables["b"] = b.to(z.dtype);
        var perClass = ExprCompiler.Evaluate(_formula, variables);
        // A formula without any per-class variable is a constant: broadcast it so the reduction is the same.
        var broadcast = perClass * torch.ones_like(z);
        return (_reduction == ClassReduction.Mean ? broadcast.mean(1) : broadcast.sum(1)).mean();
    }
}
