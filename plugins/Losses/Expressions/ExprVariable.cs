namespace LossBench.Plugins.Losses.Expressions;

/// <summary>y (target probabilities), p (softmax), z (logits) or b (bias-model probabilities).</summary>
public sealed record ExprVariable(string Name) : ExprNode
{
    public override string ToString() => Name;
    public override IEnumerable<string> Variables() => [Name];
}
