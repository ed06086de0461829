namespace LossBench.Host.Options;

/// <summary>A scalar as written (YAML's plain or quoted text); <see cref="IsQuoted"/> tells "2" from 2.</summary>
public sealed record ConfigScalar(string Text, SourceLocation? Location = null, bool IsQuoted = false) : ConfigNode(Location)
{
    /// <summary>YAML's null: an empty plain scalar, ~ or null.</summary>
    public bool IsNull => !IsQuoted && Text is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Text}'";
}
