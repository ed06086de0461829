namespace LossBench.Host.Options;

/// <summary>
/// A configuration value as read from benchmarks.yaml (or built in code): a scalar, a sequence or
/// a mapping, with where it came from. Plain data: nothing in it can instantiate a type.
/// </summary>
public abstract record ConfigNode(SourceLocation? Location)
{
    /// <summary>A short description for error messages ("'abc'", "a list", "a mapping").</summary>
    public abstract string Describe();
}
