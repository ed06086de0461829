namespace LossBench.Host.Options;

/// <summary>Where a configuration value came from: file, 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
