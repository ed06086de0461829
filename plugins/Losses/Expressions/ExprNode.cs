namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// A loss expression tree: variables (y, p, z, b), constants, and the functions and operators of
/// <see cref="ExprFunctions"/>. <see cref="ToString"/> is the canonical printed form: every
/// operation parenthesised or in function form, numbers in shortest round-trip form, so two trees
/// print alike exactly when they are the same tree (what the loss search deduplicates on).
/// </summary>
public abstract record ExprNode
{
    public abstract override string ToString();

    /// <summary>The variables the expression reads.</summary>
    public abstract IEnumerable<string> Variables();
}
